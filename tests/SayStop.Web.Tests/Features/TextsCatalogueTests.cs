using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features;

/// <summary>Every visible text exists in French, Dutch and English, and every key the code uses exists.</summary>
public sealed partial class TextsCatalogueTests
{
    private static readonly Texts Catalogue = new(NullLogger<Texts>.Instance);

    [Fact]
    public void EveryEntry_HasTheThreeLanguages_WithTheSamePlaceholders()
    {
        var entries = Texts.Load();
        Assert.NotEmpty(entries);
        foreach (var (key, byCulture) in entries)
        {
            foreach (var culture in Cultures.All)
            {
                Assert.True(byCulture.TryGetValue(culture, out var value) && !string.IsNullOrWhiteSpace(value), $"{key} has no {culture} text");
            }

            var placeholders = Cultures.All.Select(c => string.Join(',', Placeholder().Matches(byCulture[c]).Select(m => m.Value).Distinct().Order())).Distinct().ToList();
            Assert.True(placeholders.Count == 1, $"{key}: placeholders differ between languages ({string.Join(" | ", placeholders)})");
        }
    }

    [Fact]
    public void EveryKeyUsedInCodeOrPages_IsInTheCatalogue()
    {
        var keys = Texts.Load().Keys.ToHashSet(StringComparer.Ordinal);
        var prefixes = keys.Select(k => k[..(k.LastIndexOf('.') + 1)]).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        var used = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, "src", "SayStop.Web"), "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in KeyUse().Matches(text))
            {
                used++;
                var key = m.Groups["key"].Value;
                // Keys built at run time end with a dot ("Role." + role); their family must exist.
                var ok = key.EndsWith('.') ? prefixes.Contains(key) : keys.Contains(key);
                if (!ok)
                {
                    missing.Add($"{Path.GetFileName(file)}: {key}");
                }
            }
        }

        Assert.True(used > 100, "the scan found too few keys; has the syntax changed?");
        Assert.True(missing.Count == 0, "Missing texts: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("Validation.Required")]
    [InlineData("Nav.Report")]
    public void Lookup_FollowsTheCurrentCulture(string key)
    {
        var seen = new HashSet<string>();
        foreach (var c in Cultures.All)
        {
            System.Globalization.CultureInfo.CurrentUICulture = Cultures.Specific(c);
            seen.Add(Catalogue[key].Value);
        }

        Assert.Equal(3, seen.Count);
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?:\bT|texts|Texts)(?:\.In\(\w+, |\[)""(?<key>[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*\.?)""|ErrorMessage = ""(?<key>[A-Z][A-Za-z0-9]*\.[A-Za-z0-9.]+)""")]
    private static partial Regex KeyUse();
}
