namespace SayStop.Web.Tests.Infrastructure.Localization;

/// <summary>
/// French pages carry no-break spaces before <c>? ! ; :</c> and inside « » (FrenchTypography). A test that is about
/// something else — which message a bad CSV gets, say — reads the text with ordinary spaces so that its expectations
/// stay readable; FrenchTypographyTests pins the spaces themselves.
/// </summary>
public static class PlainSpaces
{
    public static string WithPlainSpaces(this string text) =>
        text.Replace('\u202F', ' ').Replace('\u00A0', ' ');
}
