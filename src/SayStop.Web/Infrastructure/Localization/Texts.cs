using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace SayStop.Web.Infrastructure.Localization;

/// <summary>
/// Every visible text of the site, in French, Dutch and English, from <c>texts.json</c> catalogues
/// (key → {fr, nl, en}): a shared one and one per feature that has its own. Keeping the three languages
/// side by side lets a translator see at once what is missing, and <c>TextsCatalogueTests</c> fails when a key used in the
/// code or in a page lacks a language.
/// </summary>
public sealed class Texts : IStringLocalizer
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _entries;
    private readonly ILogger<Texts> _logger;

    public Texts(ILogger<Texts> logger)
    {
        _logger = logger;
        _entries = Load();
    }

    /// <summary>
    /// Reads every embedded <c>texts.json</c>: the shared one under Infrastructure/Localization and one per
    /// feature folder that has its own (Features/Go4Tips/texts.json…), so a feature carries its texts with
    /// it. A key defined twice is a mistake that would make one of the two texts silently unreachable.
    /// </summary>
    public static FrozenDictionary<string, FrozenDictionary<string, string>> Load()
    {
        var assembly = typeof(Texts).Assembly;
        var merged = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames()
                     .Where(n => n.EndsWith(".texts.json", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var raw = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(stream)
                ?? throw new InvalidOperationException($"{name} is empty.");
            foreach (var (key, byCulture) in raw)
            {
                if (!merged.TryAdd(key, byCulture))
                {
                    throw new InvalidOperationException($"Text key {key} is defined twice (again in {name}).");
                }
            }
        }

        if (merged.Count == 0)
        {
            throw new InvalidOperationException("No texts.json is embedded.");
        }

        return merged.ToFrozenDictionary(
            kv => kv.Key,
            // French typography is applied once here, so no page has to remember it (FrenchTypography).
            kv => kv.Value.ToFrozenDictionary(t => t.Key, t => FrenchTypography.For(t.Key, t.Value), StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Keys => _entries.Keys;

    public LocalizedString this[string name] => Get(name, Cultures.Current);

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var s = Get(name, Cultures.Current);
            return new LocalizedString(
                name, string.Format(CultureInfo.CurrentCulture, s.Value, arguments), s.ResourceNotFound);
        }
    }

    public string In(string culture, string name) => Get(name, culture).Value;

    /// <summary>A text that contains deliberate markup (links, emphasis) written by us, never by visitors.</summary>
    public IHtmlContent Html(string name, params object[] arguments) =>
        new HtmlString(arguments.Length == 0 ? this[name].Value : this[name, arguments].Value);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        _entries.Keys.Select(k => this[k]);

    private LocalizedString Get(string name, string culture)
    {
        if (_entries.TryGetValue(name, out var byCulture) && byCulture.TryGetValue(culture, out var value))
        {
            return new LocalizedString(name, value);
        }

        _logger.LogWarning("Missing text {Key} in {Culture}", name, culture);
        return new LocalizedString(name, name, resourceNotFound: true);
    }
}

/// <summary>Hands the one catalogue to MVC's data-annotation localisation.</summary>
public sealed class TextsLocalizerFactory(Texts texts) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => texts;

    public IStringLocalizer Create(string baseName, string location) => texts;
}
