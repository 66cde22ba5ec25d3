using Microsoft.EntityFrameworkCore;

namespace SayStop.Web.Infrastructure.Jobs;

/// <summary>
/// A background loop that runs one round, waits, and runs again until the site stops. A round that fails on
/// the database is logged and retried at the next tick, so a database restart never kills the worker.
/// </summary>
public abstract class PollingWorker(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The clock shared with the derived worker (tests shift it).</summary>
    protected TimeProvider Clock { get; } = clock;

    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunRoundAsync(CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning(ex, "{Worker} round failed", GetType().Name);
            }

            try
            {
                await Task.Delay(Interval, Clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
