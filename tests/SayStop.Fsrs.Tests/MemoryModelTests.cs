namespace SayStop.Fsrs.Tests;

/// <summary>Worked checks from the formula sheet (cards.md §1) and parameter handling.</summary>
public class MemoryModelTests
{
    private readonly MemoryModel _model = new(FsrsParameters.Default);

    [Theory]
    [InlineData(1, 0.98568)]
    [InlineData(5, 0.94034)]
    [InlineData(10, 0.9)]
    [InlineData(100, 0.69283)]
    public void Retrievability_MatchesWorkedValues(double days, double expected) =>
        Assert.Equal(expected, _model.Retrievability(days, 10), 5);

    [Fact]
    public void Factor_GivesNinetyPercentAtStability_ForAnyDecay()
    {
        foreach (var decay in new[] { 0.1, 0.1542, 0.35, 0.5, 0.8 })
        {
            var w = FsrsParameters.Default.ToArray();
            w[20] = decay;
            var model = new MemoryModel(FsrsParameters.Create(w));
            Assert.Equal(0.9, model.Retrievability(37, 37), 12);
            Assert.Equal(37, model.IntervalDays(37, 0.9), 9);
        }
    }

    [Fact]
    public void InitialState_MatchesDefaults()
    {
        Assert.Equal(6.4133, _model.InitialDifficulty(Rating.Again), 4);
        Assert.Equal(5.1122, _model.InitialDifficulty(Rating.Hard), 4);
        Assert.Equal(2.1181, _model.InitialDifficulty(Rating.Good), 4);
        Assert.Equal(1, _model.InitialDifficulty(Rating.Easy));
        Assert.Equal(2.3065, _model.InitialStability(Rating.Good));
    }

    [Fact]
    public void WorkedSequence_MatchesTsFsrsReference()
    {
        // cards.md §3.1: Good (new), Good after 3 days, Again after 10 days, Hard same day, Easy after 6 days.
        var s = _model.Next(null, 0, Rating.Good);
        s = _model.Next(s, 3, Rating.Good);
        AssertClose(13.82690327, s.Stability);
        AssertClose(2.11121424, s.Difficulty);
        s = _model.Next(s, 10, Rating.Again);
        AssertClose(1.66614073, s.Stability);
        AssertClose(7.39223814, s.Difficulty);
        s = _model.Next(s, 0, Rating.Hard);
        AssertClose(1.66614073, s.Stability); // same-day Hard: SInc floored at 1
        AssertClose(8.25407453, s.Difficulty);
        s = _model.Next(s, 6, Rating.Easy);
        AssertClose(10.87231463, s.Stability);
        AssertClose(7.65589596, s.Difficulty);
    }

    // ts-fsrs rounds intermediates to 8 decimals, so compare relatively.
    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) / expected < 1e-6, $"expected {expected}, got {actual}");

    [Fact]
    public void Manual_LeavesStateUnchanged()
    {
        var s = new MemoryState(12.5, 4.2);
        Assert.Equal(s, _model.Next(s, 9, Rating.Manual));
    }

    [Fact]
    public void Migration_From19And17Weights()
    {
        var fsrs5 = Enumerable.Range(0, 19).Select(i => 0.1 * (i + 1)).ToArray();
        var migrated = FsrsParameters.Create(fsrs5);
        Assert.Equal(21, migrated.Count);
        Assert.Equal(0.0, migrated[19]);
        Assert.Equal(0.5, migrated[20]);

        var fsrs45 = new[] { 0.4, 0.6, 2.4, 5.8, 4.93, 0.94, 0.86, 0.01, 1.49, 0.14, 0.94, 2.18, 0.05, 0.34, 1.26, 0.29, 2.61 };
        var m = FsrsParameters.Create(fsrs45);
        Assert.Equal(4.93 + (2 * 0.94), m[4], 12);
        Assert.Equal(Math.Log(1 + (3 * 0.94)) / 3, m[5], 12);
        Assert.Equal(0.86 + 0.5, m[6], 12);
        Assert.Equal([0, 0, 0, 0.5], m.Skip(17).ToArray());
        Assert.Equal(FsrsParameters.Default, FsrsParameters.Create([]));
        Assert.Throws<ArgumentException>(() => FsrsParameters.Create(new double[20]));
    }

    [Fact]
    public void Clamp_UsesPeerRanges()
    {
        var w = Enumerable.Repeat(1000.0, 21).ToArray();
        var c = FsrsParameters.Create(w).Clamp();
        Assert.Equal(100, c[0]);
        Assert.Equal(10, c[4]);
        Assert.Equal(2, c[17]);
        Assert.Equal(0.8, c[20]);
        var low = FsrsParameters.Create(new double[21]).Clamp();
        Assert.Equal(0.01, low[19]);
        Assert.Equal(0.1, low[20]);
        Assert.Equal(0.0, FsrsParameters.Create(new double[21]).Clamp(enableShortTerm: false)[19]);
        // With two relearning steps the w17/w18 ceiling shrinks below 2.
        Assert.True(FsrsParameters.Default.Clamp(numRelearningSteps: 2)[17] <= 2.0);
        var strong = FsrsParameters.Default.ToArray();
        strong[17] = strong[18] = 2;
        Assert.True(FsrsParameters.Create(strong).Clamp(numRelearningSteps: 3)[17] < 2.0);
    }

    [Fact]
    public void Parse_ReadsCommaSeparatedWeights() =>
        Assert.Equal(FsrsParameters.Default, FsrsParameters.Parse(string.Join(", ", FsrsParameters.Default.Select(x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));
}
