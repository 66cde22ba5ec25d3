using System.Collections;
using System.Globalization;

namespace SayStop.Fsrs;

/// <summary>
/// The 21 FSRS-6 model weights <c>w[0..20]</c>. Immutable. Build one with <see cref="Default"/>,
/// <see cref="Create(IEnumerable{double})"/> (which migrates FSRS-4.5 and FSRS-5 sets) or an optimizer run.
/// </summary>
/// <remarks>
/// Roles: w0..w3 initial stability per first rating; w4, w5 initial difficulty; w6 difficulty step; w7 mean reversion;
/// w8..w10 stability after recall; w11..w14 stability after a lapse; w15 Hard penalty; w16 Easy bonus;
/// w17..w19 same-day (short-term) reviews; w20 the decay of the forgetting curve.
/// </remarks>
public sealed class FsrsParameters : IReadOnlyList<double>, IEquatable<FsrsParameters>
{
    /// <summary>Number of weights in an FSRS-6 parameter set.</summary>
    public const int WeightCount = 21;

    /// <summary>The decay FSRS-5 used before it became trainable; appended when 19- or 17-weight sets are migrated.</summary>
    public const double Fsrs5DefaultDecay = 0.5;

    /// <summary>The FSRS-6 default decay (w20).</summary>
    public const double Fsrs6DefaultDecay = 0.1542;

    private static readonly double[] DefaultWeights =
    [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614,
        0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, Fsrs6DefaultDecay,
    ];

    private readonly double[] _w;

    private FsrsParameters(double[] weights) => _w = weights;

    /// <summary>The defaults shared by fsrs-rs, ts-fsrs and py-fsrs (medians of FSRS-6 fits over 10k Anki collections).</summary>
    public static FsrsParameters Default { get; } = new((double[])DefaultWeights.Clone());

    /// <summary>
    /// Creates a parameter set from 21 FSRS-6 weights, or migrates 19 (FSRS-5) or 17 (FSRS-4.5) weights the way
    /// fsrs-rs <c>check_and_fill_parameters</c> and ts-fsrs <c>migrateParameters</c> do. An empty sequence gives the defaults.
    /// The weights are not clamped; call <see cref="Clamp"/> for that.
    /// </summary>
    /// <exception cref="ArgumentException">Any other length, or a weight that is not finite.</exception>
    public static FsrsParameters Create(IEnumerable<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var w = weights.ToArray();
        if (w.Any(x => !double.IsFinite(x)))
        {
            throw new ArgumentException("Every weight must be a finite number.", nameof(weights));
        }

        double[] migrated = w.Length switch
        {
            0 => (double[])DefaultWeights.Clone(),
            21 => w,
            19 => [.. w, 0.0, Fsrs5DefaultDecay],
            17 => MigrateFsrs45(w),
            _ => throw new ArgumentException(
                $"Expected 17, 19 or 21 weights, got {w.Length}.", nameof(weights)),
        };
        return new FsrsParameters(migrated);
    }

    /// <summary>Parses a comma- or space-separated list of weights (invariant culture) and migrates it like <see cref="Create"/>.</summary>
    public static FsrsParameters Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split([',', ' ', '\t', '[', ']'], StringSplitOptions.RemoveEmptyEntries);
        return Create(parts.Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)));
    }

    private static double[] MigrateFsrs45(double[] w)
    {
        // FSRS-4.5 -> FSRS-5 changed the initial-difficulty formula from w4 - (G-3)·w5 to w4 - e^(w5·(G-1)) + 1;
        // these three rewrites keep D0 roughly where it was (fsrs-rs check_and_fill_parameters).
        var m = new double[21];
        Array.Copy(w, m, 17);
        m[4] = w[4] + (2 * w[5]);
        m[5] = Math.Log(1 + (3 * w[5])) / 3;
        m[6] = w[6] + 0.5;
        m[17] = 0;
        m[18] = 0;
        m[19] = 0;
        m[20] = Fsrs5DefaultDecay;
        return m;
    }

    /// <summary>Weight <c>w[index]</c>.</summary>
    public double this[int index] => _w[index];

    /// <summary>Always 21.</summary>
    public int Count => _w.Length;

    /// <summary>The decay of the forgetting curve, <c>w[20]</c>.</summary>
    public double Decay => _w[20];

    /// <summary>A copy of the weights.</summary>
    public double[] ToArray() => (double[])_w.Clone();

    internal ReadOnlySpan<double> AsSpan() => _w;

    /// <summary>
    /// Returns the weights clamped to the ranges of fsrs-rs <c>parameter_clipper</c> (= ts-fsrs <c>CLAMP_PARAMETERS</c>).
    /// </summary>
    /// <param name="numRelearningSteps">With more than one relearning step the ceiling of w17 and w18 shrinks so that
    /// several same-day steps after a lapse cannot push stability above its pre-lapse value.</param>
    /// <param name="enableShortTerm">When true, w19 is kept at 0.01 or more (fsrs-rs and ts-fsrs do the same).</param>
    public FsrsParameters Clamp(int numRelearningSteps = 1, bool enableShortTerm = true)
    {
        var w = ToArray();
        ClampInPlace(w, numRelearningSteps, enableShortTerm);
        return new FsrsParameters(w);
    }

    internal static void ClampInPlace(Span<double> w, int numRelearningSteps, bool enableShortTerm)
    {
        var ceiling = ShortTermCeiling(w, numRelearningSteps);
        for (var i = 0; i < 21; i++)
        {
            var (lo, hi) = Bounds(i, ceiling, enableShortTerm);
            w[i] = Math.Clamp(w[i], lo, hi);
        }
    }

    internal static (double Low, double High) Bounds(int i, double shortTermCeiling, bool enableShortTerm) => i switch
    {
        <= 3 => (MemoryModel.StabilityMin, MemoryModel.InitialStabilityMax),
        4 => (1.0, 10.0),
        5 or 6 => (0.001, 4.0),
        7 => (0.001, 0.75),
        8 => (0.0, 4.5),
        9 => (0.0, 0.8),
        10 => (0.001, 3.5),
        11 => (0.001, 5.0),
        12 => (0.001, 0.25),
        13 => (0.001, 0.9),
        14 => (0.0, 4.0),
        15 => (0.0, 1.0),
        16 => (1.0, 6.0),
        17 or 18 => (0.0, shortTermCeiling),
        19 => (enableShortTerm ? 0.01 : 0.0, 0.8),
        _ => (0.1, 0.8),
    };

    private static double ShortTermCeiling(ReadOnlySpan<double> w, int numRelearningSteps)
    {
        if (numRelearningSteps <= 1)
        {
            return 2.0;
        }

        // So that S_forget · e^(n·w17·w18) never exceeds the pre-lapse stability. As ts-fsrs >= 5.3.3: w11, w13, w14
        // clamped first, sqrt(max(value, 0)), result in [0.01, 2]. (fsrs-rs uses the raw weights and
        // sqrt(max(value, 0.01)), which gives 0.1 instead of 0.01 when value is negative.)
        var w11 = Math.Clamp(w[11], 0.001, 5.0);
        var w13 = Math.Clamp(w[13], 0.001, 0.9);
        var w14 = Math.Clamp(w[14], 0.0, 4.0);
        var value = -(Math.Log(w11) + Math.Log(Math.Pow(2.0, w13) - 1.0) + (w14 * 0.3)) / numRelearningSteps;
        return Math.Clamp(Math.Round(Math.Sqrt(Math.Max(value, 0.0)), 8), 0.01, 2.0);
    }

    /// <inheritdoc />
    public IEnumerator<double> GetEnumerator() => ((IEnumerable<double>)_w).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(FsrsParameters? other) => other is not null && _w.AsSpan().SequenceEqual(other._w);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FsrsParameters);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var x in _w)
        {
            hash.Add(x);
        }

        return hash.ToHashCode();
    }

    /// <summary>The weights as a comma-separated list with up to 6 decimals (invariant culture).</summary>
    public override string ToString() =>
        string.Join(", ", _w.Select(x => Math.Round(x, 6).ToString(CultureInfo.InvariantCulture)));
}
