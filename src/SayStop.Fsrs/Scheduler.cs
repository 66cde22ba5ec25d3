namespace SayStop.Fsrs;

/// <summary>
/// Schedules cards with FSRS-6: learning and relearning steps, whole-day review intervals for a desired retention,
/// optional fuzz, previews of the four answers and replays of a history. Thread-safe; create one per option set.
/// </summary>
/// <remarks>
/// Behaviour follows the ts-fsrs 5.4.2 basic scheduler (and its long-term scheduler when
/// <see cref="SchedulerOptions.EnableShortTerm"/> is false), with one deliberate difference: Hard on a learning step
/// after the first repeats that step's delay, as the Anki manual and py-fsrs do. ts-fsrs returns the first step's
/// Hard delay on every step, so a learner on the last step of "1m 10m 1h" who presses Hard would see the card again
/// after 6 minutes, sooner than after pressing Good on an earlier step. Memory states (stability, difficulty) and
/// whole-day intervals are unaffected by this choice.
/// </remarks>
public sealed class Scheduler
{
    private readonly SchedulerOptions _options;
    private readonly MemoryModel _model;
    private readonly double _intervalModifier;
    private readonly double[] _learningMinutes;
    private readonly double[] _relearningMinutes;

    /// <summary>Creates a scheduler.</summary>
    public Scheduler(SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DesiredRetention is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "DesiredRetention must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumInterval, 1, nameof(options));
        _options = options;
        var parameters = options.Parameters.Clamp(options.RelearningSteps.Count, options.EnableShortTerm);
        _model = new MemoryModel(parameters, options.EnableShortTerm);
        // Rounded to 8 decimals as ts-fsrs does: at r = 0.9 the modifier is 1 only up to floating-point error, and an
        // unrounded 0.9999999999 would turn an interval of exactly 2.5 days into 2 instead of 3.
        _intervalModifier = Math.Round(_model.IntervalModifier(options.DesiredRetention), 8);
        _learningMinutes = [.. options.LearningSteps.Select(s => s.TotalMinutes)];
        _relearningMinutes = [.. options.RelearningSteps.Select(s => s.TotalMinutes)];
    }

    /// <summary>Creates a scheduler with the default options.</summary>
    public Scheduler()
        : this(new SchedulerOptions())
    {
    }

    /// <summary>The options in use.</summary>
    public SchedulerOptions Options => _options;

    /// <summary>The memory model in use (with the clamped parameters).</summary>
    public MemoryModel Model => _model;

    /// <summary>Probability that the learner recalls the card at <paramref name="now"/> (1 for a new card).</summary>
    /// <remarks>Elapsed time is counted in whole learning days with <see cref="SchedulerOptions.DayBoundary"/>, the same
    /// rule the scheduler uses (ts-fsrs uses whole 24-hour periods here, unlike its own scheduler).</remarks>
    public double Retrievability(Card card, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.State == CardState.New || card.LastReview is null || card.Stability <= 0)
        {
            return 1.0;
        }

        return _model.Retrievability(_options.DayBoundary.ElapsedDays(card.LastReview.Value, now), card.Stability);
    }

    /// <summary>The whole-day interval for a stability: <c>round(S · modifier)</c> clamped to [1, maximum], then fuzzed if enabled.</summary>
    public int NextInterval(double stability, int elapsedDays, double fuzzUnit = 0.5)
    {
        var ivl = Math.Min(Math.Max(1, IntervalFuzz.RoundHalfUp(stability * _intervalModifier)), _options.MaximumInterval);
        return _options.EnableFuzz ? IntervalFuzz.Apply(ivl, elapsedDays, _options.MaximumInterval, fuzzUnit) : ivl;
    }

    /// <summary>The four possible outcomes of reviewing <paramref name="card"/> at <paramref name="now"/>.</summary>
    public SchedulingPreview Preview(Card card, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(card);
        var context = new ReviewContext(this, card, now);
        return context.All();
    }

    /// <summary>Reviews a card: the new card state and the review-log entry.</summary>
    public SchedulingOutcome Review(Card card, DateTimeOffset now, Rating rating)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (rating is < Rating.Again or > Rating.Easy)
        {
            throw new ArgumentOutOfRangeException(nameof(rating), rating, "Expected Again, Hard, Good or Easy.");
        }

        var context = new ReviewContext(this, card, now);
        return context.One(rating);
    }

    /// <summary>
    /// Replays a card's whole history from a new card, for imports and after new parameters were fitted.
    /// Events are applied in time order; <see cref="Rating.Manual"/> entries are skipped.
    /// </summary>
    /// <returns>The outcome after each applied review (the last one holds the current card), empty for no reviews.</returns>
    public IReadOnlyList<SchedulingOutcome> Reschedule(IEnumerable<ReviewEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var ordered = history.Where(e => e.Rating != Rating.Manual).OrderBy(e => e.ReviewedAt).ToList();
        var outcomes = new List<SchedulingOutcome>(ordered.Count);
        if (ordered.Count == 0)
        {
            return outcomes;
        }

        var card = Card.CreateNew(ordered[0].ReviewedAt);
        foreach (var e in ordered)
        {
            var outcome = Review(card, e.ReviewedAt, e.Rating);
            outcomes.Add(outcome);
            card = outcome.Card;
        }

        return outcomes;
    }

    /// <summary>The step result: minutes until due and next step index, or null to graduate.</summary>
    private (double Minutes, int NextStep)? StepFor(CardState state, int currentStep, Rating rating)
    {
        var steps = state is CardState.Relearning or CardState.Review ? _relearningMinutes : _learningMinutes;
        if (steps.Length == 0 || currentStep >= steps.Length)
        {
            return null;
        }

        if (state == CardState.Review)
        {
            return (steps[0], 0);
        }

        return rating switch
        {
            Rating.Again => (steps[0], 0),
            Rating.Hard when currentStep == 0 => (steps.Length == 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2.0, 0),
            Rating.Hard => (steps[currentStep], currentStep),
            Rating.Good when currentStep + 1 < steps.Length => (steps[currentStep + 1], currentStep + 1),
            _ => null,
        };
    }

    /// <summary>One review computation: shares elapsed days, fuzz and the memory states of the four answers.</summary>
    private readonly struct ReviewContext
    {
        private readonly Scheduler _s;
        private readonly Card _card;
        private readonly DateTimeOffset _now;
        private readonly int _elapsed;
        private readonly double _fuzzUnit;

        public ReviewContext(Scheduler scheduler, Card card, DateTimeOffset now)
        {
            _s = scheduler;
            _card = card;
            _now = now;
            _elapsed = card.State != CardState.New && card.LastReview is { } last
                ? scheduler._options.DayBoundary.ElapsedDays(last, now)
                : 0;
            _fuzzUnit = scheduler._options.EnableFuzz
                ? IntervalFuzz.Unit(scheduler._options.FuzzSeed, now.ToUnixTimeMilliseconds(), card.Reps + 1, card.Stability, card.Difficulty)
                : 0.5;
        }

        public SchedulingPreview All()
        {
            if (!_s._options.EnableShortTerm)
            {
                var lt = LongTerm();
                return new SchedulingPreview(lt[0], lt[1], lt[2], lt[3]);
            }

            if (_card.State == CardState.Review)
            {
                var r = ReviewState();
                return new SchedulingPreview(r[0], r[1], r[2], r[3]);
            }

            return new SchedulingPreview(Steps(Rating.Again), Steps(Rating.Hard), Steps(Rating.Good), Steps(Rating.Easy));
        }

        public SchedulingOutcome One(Rating rating)
        {
            if (!_s._options.EnableShortTerm)
            {
                return LongTerm()[(int)rating - 1];
            }

            return _card.State == CardState.Review ? ReviewState()[(int)rating - 1] : Steps(rating);
        }

        private MemoryState NextMemory(Rating rating) =>
            _card.State == CardState.New || (_card.Stability == 0 && _card.Difficulty == 0)
                ? _s._model.Next(null, 0, rating)
                : _s._model.Next(new MemoryState(_card.Stability, _card.Difficulty), _elapsed, rating);

        private Card Base(MemoryState m) => _card with
        {
            Stability = m.Stability,
            Difficulty = m.Difficulty,
            LastReview = _now,
            Reps = _card.Reps + 1,
            ElapsedDays = _elapsed,
        };

        private SchedulingOutcome Outcome(Rating rating, Card next) =>
            new(next, new ReviewLogEntry(rating, _now, _card.State, _elapsed, next.ScheduledDays, next.Stability, next.Difficulty));

        /// <summary>New, Learning and Relearning cards (short-term scheduler).</summary>
        private SchedulingOutcome Steps(Rating rating)
        {
            var next = Base(NextMemory(rating));
            var toState = _card.State == CardState.New ? CardState.Learning : _card.State;
            return Outcome(rating, ApplySteps(next, rating, toState));
        }

        private Card ApplySteps(Card next, Rating rating, CardState toState)
        {
            var step = _s.StepFor(_card.State, _card.Step, rating);
            if (step is { } st && st.Minutes > 0 && st.Minutes < 1440)
            {
                return next with
                {
                    State = toState,
                    Step = st.NextStep,
                    ScheduledDays = 0,
                    Due = _now.AddMinutes(IntervalFuzz.RoundHalfUp(st.Minutes)),
                };
            }

            if (step is { } longStep && longStep.Minutes >= 1440)
            {
                return next with
                {
                    State = CardState.Review,
                    Step = longStep.NextStep,
                    ScheduledDays = (int)Math.Floor(longStep.Minutes / 1440),
                    Due = _now.AddMinutes(IntervalFuzz.RoundHalfUp(longStep.Minutes)),
                };
            }

            var ivl = _s.NextInterval(next.Stability, _elapsed, _fuzzUnit);
            return next with { State = CardState.Review, Step = 0, ScheduledDays = ivl, Due = _now.AddDays(ivl) };
        }

        /// <summary>Review cards (short-term scheduler): Hard ≤ Good &lt; Easy, Again goes to relearning.</summary>
        private SchedulingOutcome[] ReviewState()
        {
            var again = Base(NextMemory(Rating.Again)) with { Lapses = _card.Lapses + 1 };
            var hard = Base(NextMemory(Rating.Hard));
            var good = Base(NextMemory(Rating.Good));
            var easy = Base(NextMemory(Rating.Easy));
            var hardIvl = _s.NextInterval(hard.Stability, _elapsed, _fuzzUnit);
            var goodIvl = _s.NextInterval(good.Stability, _elapsed, _fuzzUnit);
            hardIvl = Math.Min(hardIvl, goodIvl);
            goodIvl = Math.Max(goodIvl, hardIvl + 1);
            var easyIvl = Math.Max(_s.NextInterval(easy.Stability, _elapsed, _fuzzUnit), goodIvl + 1);
            return
            [
                Outcome(Rating.Again, ApplySteps(again, Rating.Again, CardState.Relearning)),
                Outcome(Rating.Hard, AsReview(hard, hardIvl)),
                Outcome(Rating.Good, AsReview(good, goodIvl)),
                Outcome(Rating.Easy, AsReview(easy, easyIvl)),
            ];
        }

        /// <summary>Long-term scheduler: every answer gives a Review card, strictly Again &lt; Hard &lt; Good &lt; Easy.</summary>
        private SchedulingOutcome[] LongTerm()
        {
            var isNew = _card.State == CardState.New;
            var again = Base(NextMemory(Rating.Again));
            if (!isNew)
            {
                again = again with { Lapses = _card.Lapses + 1 };
            }

            var hard = Base(NextMemory(Rating.Hard));
            var good = Base(NextMemory(Rating.Good));
            var easy = Base(NextMemory(Rating.Easy));
            var elapsed = isNew ? 0 : _elapsed;
            var againIvl = _s.NextInterval(again.Stability, elapsed, _fuzzUnit);
            var hardIvl = _s.NextInterval(hard.Stability, elapsed, _fuzzUnit);
            var goodIvl = _s.NextInterval(good.Stability, elapsed, _fuzzUnit);
            var easyIvl = _s.NextInterval(easy.Stability, elapsed, _fuzzUnit);
            againIvl = Math.Min(againIvl, hardIvl);
            hardIvl = Math.Max(hardIvl, againIvl + 1);
            goodIvl = Math.Max(goodIvl, hardIvl + 1);
            easyIvl = Math.Max(easyIvl, goodIvl + 1);
            return
            [
                Outcome(Rating.Again, AsReview(again, againIvl)),
                Outcome(Rating.Hard, AsReview(hard, hardIvl)),
                Outcome(Rating.Good, AsReview(good, goodIvl)),
                Outcome(Rating.Easy, AsReview(easy, easyIvl)),
            ];
        }

        // The ordering guard (Good > Hard, Easy > Good) can push an interval past the maximum; ts-fsrs lets it,
        // we cap it, because the maximum interval is a promise to the learner.
        private Card AsReview(Card next, int ivl)
        {
            ivl = Math.Min(ivl, _s._options.MaximumInterval);
            return next with { State = CardState.Review, Step = 0, ScheduledDays = ivl, Due = _now.AddDays(ivl) };
        }
    }
}
