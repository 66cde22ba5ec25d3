namespace SayStop.Fsrs.Optimization;

/// <summary>
/// Card histories flattened into arrays for the training loop. Each card is one trajectory; positions that are
/// training items carry a label and a (recency) weight, other positions have weight 0 and are only replayed.
/// </summary>
internal sealed class TrainingSet
{
    public TrainingSet(IReadOnlyList<CardHistory> cards, bool recencyWeighting, int maxSequenceLength)
    {
        var total = cards.Sum(c => c.Reviews.Count);
        Start = new int[cards.Count + 1];
        Delta = new double[total];
        Rating = new byte[total];
        Weight = new double[total];
        Label = new double[total];
        ItemsPerCard = new int[cards.Count];

        // Recency weights follow the order of items by the time of their last review (fsrs-rs sorts items that way).
        var items = new List<ItemKey>();
        var offset = 0;
        for (var c = 0; c < cards.Count; c++)
        {
            Start[c] = offset;
            var reviews = cards[c].Reviews;
            for (var i = 0; i < reviews.Count; i++)
            {
                Delta[offset + i] = reviews[i].DeltaDays;
                Rating[offset + i] = (byte)reviews[i].Rating;
                Label[offset + i] = reviews[i].Rating > Fsrs.Rating.Again ? 1.0 : 0.0;
                if (i > 0 && reviews[i].DeltaDays > 0 && i + 1 <= maxSequenceLength)
                {
                    items.Add(new ItemKey(cards[c].ReviewTimes[i], items.Count, offset + i));
                    ItemsPerCard[c]++;
                }
            }

            offset += reviews.Count;
        }

        Start[cards.Count] = offset;
        items.Sort();
        var n = items.Count;
        var length = Math.Max(n - 1.0, 1.0);
        for (var k = 0; k < n; k++)
        {
            var x = k / length;
            Weight[items[k].Index] = recencyWeighting ? 0.25 + (0.75 * x * x * x) : 1.0;
        }

        ItemCount = n;
        CardCount = cards.Count;
    }

    public int CardCount { get; }

    /// <summary>Sort key of an item: review time, then insertion order (card order, then position), for a stable order.</summary>
    private readonly record struct ItemKey(long Time, int Sequence, int Index) : IComparable<ItemKey>
    {
        public int CompareTo(ItemKey other) => Time != other.Time ? Time.CompareTo(other.Time) : Sequence.CompareTo(other.Sequence);
    }

    public int ItemCount { get; }

    /// <summary>Offset of each card's first review; <c>Start[CardCount]</c> is the total.</summary>
    public int[] Start { get; }

    public double[] Delta { get; }

    public byte[] Rating { get; }

    public double[] Weight { get; }

    public double[] Label { get; }

    public int[] ItemsPerCard { get; }
}
