using System.Globalization;

namespace SayStop.Fsrs.Cli;

/// <summary>Minimal "--name value" parser: the tool has few options and the library takes no dependencies.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    _options[pending] = "true";
                }

                pending = a[2..];
            }
            else if (pending is not null)
            {
                _options[pending] = a;
                pending = null;
            }
            else
            {
                Positional.Add(a);
            }
        }

        if (pending is not null)
        {
            _options[pending] = "true";
        }
    }

    public List<string> Positional { get; } = [];

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public int Int(string name, int fallback) =>
        _options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _options.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public bool Bool(string name, bool fallback) =>
        _options.TryGetValue(name, out var v) ? bool.Parse(v) : fallback;

    public string Required(int index, string what) =>
        index < Positional.Count ? Positional[index] : throw new ArgumentException($"Missing argument: {what}.");

    public FsrsParameters Parameters() =>
        Get("params") is { } p ? FsrsParameters.Parse(p) : FsrsParameters.Default;

    public DayBoundary DayBoundary() => new(
        Get("timezone") is { } tz ? TimeZoneInfo.FindSystemTimeZoneById(tz) : TimeZoneInfo.Utc,
        Int("rollover", 4));
}
