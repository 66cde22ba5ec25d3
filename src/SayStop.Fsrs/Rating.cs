namespace SayStop.Fsrs;

/// <summary>The learner's answer to a review, on the four-button Anki scale.</summary>
public enum Rating
{
    /// <summary>Not a review: a manual reschedule or reset. The memory state is left unchanged.</summary>
    Manual = 0,

    /// <summary>Forgot the card (a lapse).</summary>
    Again = 1,

    /// <summary>Recalled with serious difficulty. Counts as a success.</summary>
    Hard = 2,

    /// <summary>Recalled after some hesitation.</summary>
    Good = 3,

    /// <summary>Recalled effortlessly.</summary>
    Easy = 4,
}

/// <summary>The scheduler-level state of a card. The memory model itself only needs stability and difficulty.</summary>
public enum CardState
{
    /// <summary>Never reviewed.</summary>
    New = 0,

    /// <summary>In its first (intraday) learning steps.</summary>
    Learning = 1,

    /// <summary>Graduated; reviewed at intervals of whole days.</summary>
    Review = 2,

    /// <summary>Forgotten while in review; going through the relearning steps.</summary>
    Relearning = 3,
}
