namespace SayStop.Fsrs.Optimization;

/// <summary>
/// Initial-stability pre-training and the outlier filter of fsrs-rs (<c>pre_training.rs</c>, <c>dataset.rs</c>):
/// for each first rating, fit S0 to the pass rate of the first long-term review by a ternary search.
/// </summary>
internal static class Pretraining
{
    /// <summary>The first long-term review of a card: its first rating, the delay and the outcome.</summary>
    internal readonly record struct FirstReview(int FirstRating, int DeltaDays, bool Recalled);

    /// <summary>The first-long-term-review summary of each card that has one (null otherwise).</summary>
    public static FirstReview?[] FirstReviews(IReadOnlyList<CardHistory> cards)
    {
        var result = new FirstReview?[cards.Count];
        for (var c = 0; c < cards.Count; c++)
        {
            var reviews = cards[c].Reviews;
            for (var i = 1; i < reviews.Count; i++)
            {
                if (reviews[i].DeltaDays > 0)
                {
                    result[c] = new FirstReview((int)reviews[0].Rating, reviews[i].DeltaDays, reviews[i].Rating > Rating.Again);
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// fsrs-rs <c>filter_outlier</c>: within each first rating, drop the rarest delays (at least 20 items or 5%),
    /// delays seen fewer than 6 times, and delays over 100 days (365 for Easy). Returns which cards to keep for
    /// training and which first reviews feed the pre-training.
    /// </summary>
    /// <remarks>Plain loops rather than LINQ grouping: this runs once per fit, and on small collections the JIT cost
    /// of generic grouping over value types was a large share of the whole fit.</remarks>
    public static (bool[] KeepCard, List<FirstReview> PretrainSet) FilterOutliers(FirstReview?[] firsts)
    {
        var removed = new HashSet<long>();
        var pretrain = new List<FirstReview>();
        for (var rating = 1; rating <= 4; rating++)
        {
            var byDelta = new Dictionary<int, List<FirstReview>>();
            var total = 0;
            foreach (var f in firsts)
            {
                if (f is { } x && x.FirstRating == rating)
                {
                    if (!byDelta.TryGetValue(x.DeltaDays, out var list))
                    {
                        byDelta[x.DeltaDays] = list = [];
                    }

                    list.Add(x);
                    total++;
                }
            }

            // Largest groups first, ties by longer delay first; then walk from the smallest end.
            var groups = new List<KeyValuePair<int, List<FirstReview>>>(byDelta);
            groups.Sort((p, q) => p.Value.Count != q.Value.Count ? q.Value.Count.CompareTo(p.Value.Count) : q.Key.CompareTo(p.Key));
            var hasBeenRemoved = 0;
            for (var i = groups.Count - 1; i >= 0; i--)
            {
                var delta = groups[i].Key;
                var items = groups[i].Value;
                if (hasBeenRemoved + items.Count >= Math.Max(20, total / 20))
                {
                    if (items.Count >= 6 && delta <= (rating != 4 ? 100 : 365))
                    {
                        pretrain.AddRange(items);
                    }
                    else
                    {
                        removed.Add(PairKey(rating, delta));
                    }
                }
                else
                {
                    hasBeenRemoved += items.Count;
                    removed.Add(PairKey(rating, delta));
                }
            }
        }

        var keep = new bool[firsts.Length];
        for (var c = 0; c < firsts.Length; c++)
        {
            keep[c] = firsts[c] is { } f && !removed.Contains(PairKey(f.FirstRating, f.DeltaDays));
        }

        return (keep, pretrain);
    }

    private static long PairKey(int rating, int delta) => ((long)rating << 32) | (uint)delta;

    /// <summary>Fits S0 for each first rating seen, then smooths and fills the missing ones. Null when there is no data.</summary>
    public static (double[] InitialStability, Dictionary<int, int> RatingCount)? Fit(List<FirstReview> pretrainSet, double averageRecall)
    {
        var model = new MemoryModel(FsrsParameters.Default);
        var stabilities = new Dictionary<int, double>();
        var counts = new Dictionary<int, int>();
        for (var rating = 1; rating <= 4; rating++)
        {
            // delay -> (recalled, count)
            var byDelta = new SortedDictionary<int, (int Recalled, int Count)>();
            foreach (var f in pretrainSet)
            {
                if (f.FirstRating == rating)
                {
                    byDelta.TryGetValue(f.DeltaDays, out var v);
                    byDelta[f.DeltaDays] = (v.Recalled + (f.Recalled ? 1 : 0), v.Count + 1);
                }
            }

            if (byDelta.Count == 0)
            {
                continue;
            }

            var n = byDelta.Count;
            var delta = new double[n];
            var count = new double[n];
            var recall = new double[n];
            var k = 0;
            var total = 0;
            foreach (var (d, (recalled, c)) in byDelta)
            {
                delta[k] = d;
                count[k] = c;
                // Laplace smoothing towards the average recall, as fsrs-rs does.
                recall[k] = (recalled + averageRecall) / (c + 1.0);
                total += c;
                k++;
            }

            counts[rating] = total;
            var defaultS0 = FsrsParameters.Default[rating - 1];
            double Loss(double s0)
            {
                var sum = 0.0;
                for (var i = 0; i < n; i++)
                {
                    var y = model.Retrievability(delta[i], s0);
                    sum -= ((recall[i] * Math.Log(y)) + ((1 - recall[i]) * Math.Log(1 - y))) * count[i];
                }

                return sum + (Math.Abs(s0 - defaultS0) / 16.0);
            }

            // Ternary search on [S_MIN, INIT_S_MAX], as fsrs-rs does.
            double low = MemoryModel.StabilityMin, high = MemoryModel.InitialStabilityMax;
            var optimal = defaultS0;
            for (var iter = 0; high - low > 1e-9 && iter < 1000; iter++)
            {
                var mid1 = low + ((high - low) / 3.0);
                var mid2 = high - ((high - low) / 3.0);
                if (Loss(mid1) < Loss(mid2))
                {
                    high = mid2;
                }
                else
                {
                    low = mid1;
                }

                optimal = (high + low) / 2.0;
            }

            stabilities[rating] = optimal;
        }

        if (stabilities.Count == 0)
        {
            return null;
        }

        return (SmoothAndFill(stabilities, counts), counts);
    }

    /// <summary>fsrs-rs <c>smooth_and_fill</c>: make S0 increase with the rating and fill missing ratings from the others.</summary>
    public static double[] SmoothAndFill(Dictionary<int, double> stability, Dictionary<int, int> counts)
    {
        var rs = new Dictionary<int, double>(stability.Where(kv => counts.ContainsKey(kv.Key)));
        foreach (var (small, big) in new[] { (1, 2), (2, 3), (3, 4), (1, 3), (2, 4), (1, 4) })
        {
            if (rs.TryGetValue(small, out var sv) && rs.TryGetValue(big, out var bv) && sv > bv)
            {
                if (counts[small] > counts[big])
                {
                    rs[big] = sv;
                }
                else
                {
                    rs[small] = bv;
                }
            }
        }

        const double w1 = 3.0 / 5.0;
        const double w2 = 3.0 / 5.0;
        var d = FsrsParameters.Default;
        double? r1 = rs.TryGetValue(1, out var a1) ? a1 : null;
        double? r2 = rs.TryGetValue(2, out var a2) ? a2 : null;
        double? r3 = rs.TryGetValue(3, out var a3) ? a3 : null;
        double? r4 = rs.TryGetValue(4, out var a4) ? a4 : null;
        double[] init;
        switch (rs.Count)
        {
            case 1:
                {
                    var (rating, value) = rs.First();
                    var factor = value / d[rating - 1];
                    init = [.. new[] { d[0], d[1], d[2], d[3] }.Select(x => x * factor).Order()];
                    break;
                }

            case 2:
                if (r1 is null && r2 is null)
                {
                    r2 = Math.Pow(r3!.Value, 1 / (1 - w2)) * Math.Pow(r4!.Value, 1 - (1 / (1 - w2)));
                    r1 = Math.Pow(r2.Value, 1 / w1) * Math.Pow(r3.Value, 1 - (1 / w1));
                }
                else if (r1 is null && r3 is null)
                {
                    r3 = Math.Pow(r2!.Value, 1 - w2) * Math.Pow(r4!.Value, w2);
                    r1 = Math.Pow(r2.Value, 1 / w1) * Math.Pow(r3.Value, 1 - (1 / w1));
                }
                else if (r1 is null && r4 is null)
                {
                    r4 = Math.Pow(r2!.Value, 1 - (1 / w2)) * Math.Pow(r3!.Value, 1 / w2);
                    r1 = Math.Pow(r2.Value, 1 / w1) * Math.Pow(r3.Value, 1 - (1 / w1));
                }
                else if (r2 is null && r3 is null)
                {
                    var k = w1 / ((w1 * -w2) + w1 + w2);
                    var k2 = w2 / ((w1 * -w2) + w1 + w2);
                    r2 = Math.Pow(r1!.Value, k) * Math.Pow(r4!.Value, 1 - k);
                    r3 = Math.Pow(r1.Value, 1 - k2) * Math.Pow(r4.Value, k2);
                }
                else if (r2 is null && r4 is null)
                {
                    r2 = Math.Pow(r1!.Value, w1) * Math.Pow(r3!.Value, 1 - w1);
                    r4 = Math.Pow(r2.Value, 1 - (1 / w2)) * Math.Pow(r3.Value, 1 / w2);
                }
                else if (r3 is null && r4 is null)
                {
                    r3 = Math.Pow(r1!.Value, 1 - (1 / (1 - w1))) * Math.Pow(r2!.Value, 1 / (1 - w1));
                    r4 = Math.Pow(r2.Value, 1 - (1 / w2)) * Math.Pow(r3.Value, 1 / w2);
                }

                init = [r1!.Value, r2!.Value, r3!.Value, r4!.Value];
                break;
            case 3:
                if (r1 is null)
                {
                    r1 = Math.Pow(r2!.Value, 1 / w1) * Math.Pow(r3!.Value, 1 - (1 / w1));
                }
                else if (r2 is null)
                {
                    r2 = Math.Pow(r1.Value, w1) * Math.Pow(r3!.Value, 1 - w1);
                }
                else if (r3 is null)
                {
                    r3 = Math.Pow(r2.Value, 1 - w2) * Math.Pow(r4!.Value, w2);
                }
                else
                {
                    r4 = Math.Pow(r2.Value, 1 - (1 / w2)) * Math.Pow(r3.Value, 1 / w2);
                }

                init = [r1!.Value, r2!.Value, r3!.Value, r4!.Value];
                break;
            default:
                init = [r1!.Value, r2!.Value, r3!.Value, r4!.Value];
                break;
        }

        return [.. init.Select(v => Math.Clamp(v, MemoryModel.StabilityMin, MemoryModel.InitialStabilityMax))];
    }
}
