using SayStop.Fsrs.Optimization;

namespace SayStop.Fsrs.Cli;

/// <summary>Draws a one-line progress bar on standard error, redrawn only when the percentage changes.</summary>
internal sealed class ConsoleProgressBar : IProgress<OptimizationProgress>
{
    private const int Width = 40;
    private readonly TextWriter _out;
    private int _lastPercent = -1;

    public ConsoleProgressBar(TextWriter output) => _out = output;

    public void Report(OptimizationProgress value)
    {
        var percent = (int)(value.Fraction * 100);
        if (percent == _lastPercent)
        {
            return;
        }

        _lastPercent = percent;
        var filled = percent * Width / 100;
        _out.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}%  epoch {value.Epoch}/{value.Epochs}");
        if (percent >= 100)
        {
            _out.WriteLine();
        }
    }
}
