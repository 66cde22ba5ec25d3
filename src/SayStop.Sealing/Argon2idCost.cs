namespace SayStop.Sealing;

/// <summary>
/// Argon2id cost (RFC 9106). Every blob that uses Argon2id stores its cost, so the cost can be raised later
/// without breaking existing blobs. Parallelism is always 1 (libsodium computes a single lane).
/// </summary>
public readonly record struct Argon2idCost
{
    /// <summary>Smallest memory cost libsodium accepts (8 KiB); for tests only.</summary>
    public const int MinMemoryKiB = 8;

    /// <summary>Largest memory cost this library accepts, also when reading a stored blob (1 GiB).</summary>
    public const int MaxMemoryKiB = 1024 * 1024;

    /// <summary>Largest number of passes this library accepts, also when reading a stored blob.</summary>
    public const int MaxIterations = 16;

    /// <summary>The only degree of parallelism libsodium supports.</summary>
    public const int Parallelism = 1;

    /// <summary>Creates a cost; throws when outside the accepted range.</summary>
    /// <param name="memoryKiB">Memory in KiB.</param>
    /// <param name="iterations">Number of passes over the memory.</param>
    public Argon2idCost(int memoryKiB, int iterations)
    {
        MemoryKiB = memoryKiB;
        Iterations = iterations;
        Validate();
    }

    /// <summary>Memory in KiB.</summary>
    public int MemoryKiB { get; }

    /// <summary>Number of passes over the memory.</summary>
    public int Iterations { get; }

    /// <summary>
    /// Production cost for staff passwords: 64 MiB, 1 pass, 1 lane (about 0.12 s on the 2-core reference machine;
    /// see docs/SEALING.md for the measurements and the reasoning). People choose passwords, so the stretching is
    /// what stands between a stolen database and a guessed password.
    /// </summary>
    public static Argon2idCost Interactive { get; } = new(64 * 1024, 1);

    /// <summary>
    /// Production cost for receipts: 12 MiB, 3 passes, 1 lane (one of OWASP's equivalent recommended Argon2id
    /// settings; about 25 ms here, and two at once barely slow each other, unlike 19 MiB × 2 or more memory).
    /// A receipt's secret is 80 random bits made by the server, so guessing it is out of reach at any cost; the
    /// stretching is defence in depth (a receipt half seen over a shoulder still leaves 40 bits times this cost),
    /// and a cheaper cost keeps the report form quick when many people send at once.
    /// </summary>
    public static Argon2idCost Receipt { get; } = new(12 * 1024, 3);

    internal static bool IsInRange(long memoryKiB, long iterations) =>
        memoryKiB is >= MinMemoryKiB and <= MaxMemoryKiB && iterations is >= 1 and <= MaxIterations;

    internal void Validate()
    {
        if (!IsInRange(MemoryKiB, Iterations))
        {
            throw new ArgumentOutOfRangeException(nameof(MemoryKiB),
                $"Argon2id cost must have {MinMemoryKiB}..{MaxMemoryKiB} KiB and 1..{MaxIterations} passes.");
        }
    }

    /// <summary>Size of the stored cost: memory (u32), passes (u32), lanes (u8).</summary>
    internal const int EncodedSize = 9;

    internal void WriteTo(Span<byte> destination)
    {
        Format.WriteUInt32(destination, (uint)MemoryKiB);
        Format.WriteUInt32(destination[4..], (uint)Iterations);
        destination[8] = Parallelism;
    }

    internal static bool TryRead(ReadOnlySpan<byte> source, out Argon2idCost cost)
    {
        cost = default;
        if (source.Length < EncodedSize)
        {
            return false;
        }
        long memory = Format.ReadUInt32(source);
        long iterations = Format.ReadUInt32(source[4..]);
        if (source[8] != Parallelism || !IsInRange(memory, iterations))
        {
            return false;
        }
        cost = new Argon2idCost((int)memory, (int)iterations);
        return true;
    }
}
