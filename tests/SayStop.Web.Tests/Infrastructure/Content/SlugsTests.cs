using SayStop.Web.Infrastructure.Content;

namespace SayStop.Web.Tests.Infrastructure.Content;

public sealed class SlugsTests
{
    [Theory]
    [InlineData("Pâques à Bruxelles !", "paques-a-bruxelles")]
    [InlineData("L'œil du voyageur", "l-oeil-du-voyageur")]
    [InlineData("Cœur bleu : Blue Heart", "coeur-bleu-blue-heart")]
    [InlineData("Æsop en de ĳsbeer", "aesop-en-de-ijsbeer")]
    [InlineData("Straße nach Łódź", "strasse-nach-lodz")]
    [InlineData("  --Déjà vu--  ", "deja-vu")]
    public void ATitle_BecomesAReadableSlug_KeepingEveryLetter(string title, string slug)
    {
        Assert.Equal(slug, Slugs.FromTitle(title));
        Assert.True(Slugs.IsValid(slug));
    }

    [Fact]
    public void ALongTitle_IsCutAtTheOneSlugLength_WithoutATrailingDash()
    {
        var slug = Slugs.FromTitle(string.Concat(Enumerable.Repeat("œuvre ", 40)));
        Assert.True(slug.Length <= Slugs.MaxLength);
        Assert.False(slug.EndsWith('-'));
        Assert.StartsWith("oeuvre-oeuvre", slug, StringComparison.Ordinal);
    }
}
