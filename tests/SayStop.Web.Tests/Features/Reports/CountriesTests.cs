using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>The full country list in three languages, the emergency numbers shown to an urgent reporter, and coordinates.</summary>
public sealed class CountriesTests
{
    private static readonly Texts Texts = new(NullLogger<Texts>.Instance);

    [Fact]
    public void EveryIsoCountry_HasANameInEachLanguage()
    {
        Assert.Equal(249, Countries.Codes.Count);
        foreach (var culture in Cultures.All)
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
            try
            {
                var names = Countries.Sorted(Texts);
                Assert.All(names, n => Assert.False(string.IsNullOrWhiteSpace(n.Name), n.Code));
                Assert.Equal(names.Count, names.Select(n => n.Name).Distinct(StringComparer.Ordinal).Count());
            }
            finally
            {
                CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous;
            }
        }

        CultureInfo.CurrentUICulture = new CultureInfo("nl");
        Assert.Equal("België", Countries.Name(Texts, "BE"));
        CultureInfo.CurrentUICulture = new CultureInfo("fr");
        Assert.Equal("Cambodge", Countries.Name(Texts, "KH"));
    }

    [Theory]
    [InlineData("BE", "112")]
    [InlineData("TH", "191")]
    [InlineData("KH", "117")]
    [InlineData("US", "911")]
    [InlineData("GB", "999 / 112")]
    [InlineData("BR", "190")]
    public void UrgentReports_ShowTheCountrysNumber(string country, string number) =>
        Assert.Equal(number, Countries.EmergencyNumber(country));

    [Theory]
    [InlineData("KP")]
    [InlineData(Countries.Other)]
    [InlineData(null)]
    public void WithoutANumberOnFile_ThereIsNone_AndThePageGivesGenericAdvice(string? country) =>
        Assert.Null(Countries.EmergencyNumber(country));

    [Theory]
    [InlineData("13.7563, 100.5018", "13.75630, 100.50180")]
    [InlineData("-33.8688 151.2093", "-33.86880, 151.20930")]
    [InlineData("50.85;4.35", "50.85000, 4.35000")]
    [InlineData("91, 0", null)]
    [InlineData("0, 181", null)]
    [InlineData("50,85 4,35", null)]
    [InlineData("NaN, 1", null)]
    [InlineData("north of the bay", null)]
    [InlineData("", null)]
    public void Coordinates_AreNormalisedOrRefused(string typed, string? expected) =>
        Assert.Equal(expected, GeoPoint.TryParse(typed));
}
