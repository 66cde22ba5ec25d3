namespace SayStop.Fsrs.Optimization;

/// <summary>
/// The training objective with hand-written reverse-mode gradients (the same approach as fsrs-rs <c>analytic.rs</c>,
/// in double precision): one forward pass per card that scores every item of the card, then one backward pass.
/// This gives the same loss and gradient as replaying every item's prefix separately, in linear instead of quadratic time.
/// </summary>
internal static class LossFunction
{
    private const double MinProbability = 1e-7;
    private const double MaxProbability = 1.0 - 1e-7;

    private enum Branch : byte
    {
        Init,
        Short,
        FailRaw,
        FailFloor,
        Success,
    }

    private struct StepCache
    {
        public double S;
        public double D;
        public double T;
        public double R;
        public double Base;
        public double PreClampS;
        public double MeanD;
        public double Value;
        public double Aux;
        public int G;
        public Branch Branch;
        public bool RawActive;
        public double GradR;
    }

    /// <summary>Weighted binary cross-entropy summed over cards [from, to), gradient added to <paramref name="grad"/> when requested.</summary>
    public static double Evaluate(
        ReadOnlySpan<double> w, TrainingSet set, int fromCard, int toCard, Span<double> grad, bool enableShortTerm, bool withGradient)
    {
        var cards = new int[toCard - fromCard];
        for (var i = 0; i < cards.Length; i++)
        {
            cards[i] = fromCard + i;
        }

        return Evaluate(w, set, cards, grad, enableShortTerm, withGradient);
    }

    /// <summary>Weighted binary cross-entropy summed over the given cards, gradient added to <paramref name="grad"/> when requested.</summary>
    public static double Evaluate(
        ReadOnlySpan<double> w, TrainingSet set, ReadOnlySpan<int> cards, Span<double> grad, bool enableShortTerm, bool withGradient)
    {
        var maxLen = 0;
        foreach (var c in cards)
        {
            maxLen = Math.Max(maxLen, set.Start[c + 1] - set.Start[c]);
        }

        var caches = new StepCache[Math.Max(maxLen, 1)];
        var loss = 0.0;
        var decay = -w[20];
        var factor = Math.Pow(0.9, 1.0 / decay) - 1.0;
        var easyD = w[4] - Math.Exp(3.0 * w[5]) + 1.0;
        var floorDivisor = Math.Exp(w[17] * w[18]);
        foreach (var c in cards)
        {
            if (set.ItemsPerCard[c] == 0)
            {
                continue;
            }

            var start = set.Start[c];
            var len = set.Start[c + 1] - start;

            // Stop after the last scored position: later reviews cannot change the loss.
            while (len > 0 && set.Weight[start + len - 1] == 0)
            {
                len--;
            }

            double s = 0, d = 0;
            for (var i = 0; i < len; i++)
            {
                ref var k = ref caches[i];
                var idx = start + i;
                var g = set.Rating[idx];
                k.G = g;
                k.GradR = 0;
                if (i == 0)
                {
                    k.Branch = Branch.Init;
                    k.PreClampS = w[g - 1];
                    k.MeanD = w[4] - Math.Exp(w[5] * (g - 1)) + 1.0;
                    s = Math.Clamp(k.PreClampS, MemoryModel.StabilityMin, MemoryModel.StabilityMax);
                    d = Math.Clamp(k.MeanD, MemoryModel.DifficultyMin, MemoryModel.DifficultyMax);
                    continue;
                }

                var t = set.Delta[idx];
                k.S = s;
                k.D = d;
                k.T = t;
                var bse = 1.0 + (factor * t / s);
                var r = Math.Pow(bse, decay);
                k.Base = bse;
                k.R = r;

                var weight = set.Weight[idx];
                if (weight > 0)
                {
                    var label = set.Label[idx];
                    var rc = Math.Clamp(r, MinProbability, MaxProbability);
                    loss -= weight * ((label * Math.Log(rc)) + ((1.0 - label) * Math.Log(1.0 - rc)));
                    if (withGradient && r > MinProbability && r < MaxProbability)
                    {
                        k.GradR = -weight * ((label / rc) - ((1.0 - label) / (1.0 - rc)));
                    }
                }

                double newS;
                if (t == 0 && enableShortTerm)
                {
                    var raw = Math.Exp(w[17] * (g - 3 + w[18])) * Math.Pow(s, -w[19]);
                    var v = g >= 2 ? Math.Max(raw, 1.0) : raw;
                    k.Branch = Branch.Short;
                    k.Aux = raw;
                    k.Value = v;
                    k.RawActive = !(g >= 2 && raw < 1.0);
                    newS = s * v;
                }
                else if (g == 1)
                {
                    var raw = w[11] * Math.Pow(d, -w[12]) * (Math.Pow(s + 1.0, w[13]) - 1.0) * Math.Exp((1.0 - r) * w[14]);
                    var floor = s / floorDivisor;
                    if (floor < raw)
                    {
                        k.Branch = Branch.FailFloor;
                        newS = floor;
                    }
                    else
                    {
                        k.Branch = Branch.FailRaw;
                        newS = raw;
                    }

                    k.Value = newS;
                }
                else
                {
                    var hp = g == 2 ? w[15] : 1.0;
                    var eb = g == 4 ? w[16] : 1.0;
                    var inc = Math.Exp(w[8]) * (11.0 - d) * Math.Pow(s, -w[9]) * (Math.Exp((1.0 - r) * w[10]) - 1.0) * hp * eb;
                    k.Branch = Branch.Success;
                    k.Value = inc;
                    newS = s * (1.0 + inc);
                }

                var nextD = d + ((10.0 - d) * (-w[6] * (g - 3)) / 9.0);
                var meanD = (w[7] * (easyD - nextD)) + nextD;
                k.PreClampS = newS;
                k.MeanD = meanD;
                s = Math.Clamp(newS, MemoryModel.StabilityMin, MemoryModel.StabilityMax);
                d = Math.Clamp(meanD, MemoryModel.DifficultyMin, MemoryModel.DifficultyMax);
            }

            if (withGradient)
            {
                Backward(w, caches.AsSpan(0, len), grad, factor, decay, floorDivisor, easyD);
            }
        }

        return loss;
    }

    private static void Backward(
        ReadOnlySpan<double> w, Span<StepCache> caches, Span<double> gw, double factor, double decay, double floorDivisor, double easyD)
    {
        double gS = 0, gD = 0;
        for (var i = caches.Length - 1; i >= 0; i--)
        {
            ref var k = ref caches[i];
            var g = k.G;
            var gPreS = k.PreClampS > MemoryModel.StabilityMin && k.PreClampS < MemoryModel.StabilityMax ? gS : 0.0;
            var gMeanD = k.MeanD > MemoryModel.DifficultyMin && k.MeanD < MemoryModel.DifficultyMax ? gD : 0.0;
            if (k.Branch == Branch.Init)
            {
                gw[g - 1] += gPreS;
                if (gMeanD != 0)
                {
                    gw[4] += gMeanD;
                    gw[5] += gMeanD * -(g - 1) * Math.Exp(w[5] * (g - 1));
                }

                break;
            }

            var s = k.S;
            var d = k.D;
            var r = k.R;
            double gLastS = 0, gLastD = 0, gR = k.GradR;
            switch (k.Branch)
            {
                case Branch.Short:
                    gLastS += gPreS * k.Value;
                    if (k.RawActive && gPreS != 0)
                    {
                        var gRaw = gPreS * s * k.Aux;
                        gw[17] += gRaw * (g - 3 + w[18]);
                        gw[18] += gRaw * w[17];
                        gw[19] += gRaw * -Math.Log(s);
                        gLastS += gRaw * (-w[19] / s);
                    }

                    break;
                case Branch.FailFloor:
                    gw[17] += gPreS * k.Value * -w[18];
                    gw[18] += gPreS * k.Value * -w[17];
                    gLastS += gPreS / floorDivisor;
                    break;
                case Branch.FailRaw:
                    if (gPreS != 0)
                    {
                        var raw = k.Value;
                        var bse = s + 1.0;
                        var p = Math.Pow(bse, w[13]);
                        var dPow = Math.Pow(d, -w[12]);
                        var er = Math.Exp((1.0 - r) * w[14]);
                        gw[11] += gPreS * raw / w[11];
                        gw[12] += gPreS * raw * -Math.Log(d);
                        gw[13] += gPreS * w[11] * dPow * er * p * Math.Log(bse);
                        gw[14] += gPreS * raw * (1.0 - r);
                        gLastS += gPreS * w[11] * dPow * er * w[13] * p / bse;
                        gLastD += gPreS * raw * (-w[12] / d);
                        gR += gPreS * raw * -w[14];
                    }

                    break;
                default:
                    if (gPreS != 0)
                    {
                        var inc = k.Value;
                        var a = Math.Exp(w[8]);
                        var b = 11.0 - d;
                        var cS = Math.Pow(s, -w[9]);
                        var expE = Math.Exp((1.0 - r) * w[10]);
                        var e = expE - 1.0;
                        var hp = g == 2 ? w[15] : 1.0;
                        var eb = g == 4 ? w[16] : 1.0;
                        var gInc = gPreS * s;
                        gLastS += (gPreS * (inc + 1.0)) + (gInc * inc * (-w[9] / s));
                        gLastD += -(gInc * a * cS * e * hp * eb);
                        gR += gInc * a * b * cS * hp * eb * (-w[10] * expE);
                        gw[8] += gInc * inc;
                        gw[9] += gInc * inc * -Math.Log(s);
                        gw[10] += gInc * a * b * cS * hp * eb * (1.0 - r) * expE;
                        if (g == 2)
                        {
                            gw[15] += gInc * a * b * cS * e * eb;
                        }
                        else if (g == 4)
                        {
                            gw[16] += gInc * a * b * cS * e * hp;
                        }
                    }

                    break;
            }

            if (gMeanD != 0)
            {
                var gm3 = g - 3;
                var deltaD = -w[6] * gm3;
                var nextD = d + ((10.0 - d) * deltaD / 9.0);
                gw[7] += gMeanD * (easyD - nextD);
                gw[4] += gMeanD * w[7];
                gw[5] += gMeanD * w[7] * -3.0 * Math.Exp(3.0 * w[5]);
                var gNext = gMeanD * (1.0 - w[7]);
                gw[6] += gNext * (10.0 - d) * -gm3 / 9.0;
                gLastD += gNext * (1.0 - (deltaD / 9.0));
            }

            if (gR != 0 && k.T > 0)
            {
                var t = k.T;
                var bse = k.Base;
                gLastS += gR * r * decay / bse * (-t * factor / (s * s));
                var c = Math.Log(0.9);
                var dFactor = Math.Exp(c / decay) * (-c / (decay * decay));
                var dR = r * (Math.Log(bse) + (decay / bse * (t / s * dFactor)));
                gw[20] += -gR * dR;
            }

            // The state entering this step was clamped; a clamp that was active stops the gradient.
            gS = s > MemoryModel.StabilityMin && s < MemoryModel.StabilityMax ? gLastS : 0.0;
            gD = d > MemoryModel.DifficultyMin && d < MemoryModel.DifficultyMax ? gLastD : 0.0;
        }
    }
}
