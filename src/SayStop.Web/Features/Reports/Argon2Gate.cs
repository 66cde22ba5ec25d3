namespace SayStop.Web.Features.Reports;

/// <summary>
/// Bounds concurrent Argon2id work (receipts, handler keys, staff password hashes): each run takes up to 64 MiB and 40–120 ms
/// of a core, so a burst of a hundred attempts must queue instead of taking gigabytes (docs/SEALING.md section 8).
/// </summary>
public sealed class Argon2Gate : IDisposable
{
    private readonly SemaphoreSlim _slots = new(2, 2);

    private long _runs;

    /// <summary>Runs so far: lets tests see that a page spent the Argon2id time it promises (no timing assertion).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken ct = default)
    {
        await _slots.WaitAsync(ct);
        Interlocked.Increment(ref _runs);
        try
        {
            return await Task.Run(work, ct);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// The same bound for callers that must stay synchronous (Identity's password hasher): the thread waits for a
    /// slot instead of the work piling up in memory.
    /// </summary>
    public T Run<T>(Func<T> work)
    {
        _slots.Wait();
        try
        {
            return work();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
