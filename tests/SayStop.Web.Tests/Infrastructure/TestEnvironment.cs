namespace SayStop.Web.Tests.Infrastructure;

/// <summary>
/// What the machine offers the tests. A missing PostgreSQL or Chromium skips the tests that need it on a
/// developer's machine, and fails them under CI=true, so CI can never pass by silently skipping
/// (npgsql's IgnoreExceptOnBuildServer idea).
/// </summary>
public static class TestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A server connection string (any database); each test host creates its own database.</summary>
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("SAYSTOP_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public static void RequirePostgres()
    {
        if (PostgresConnectionString is null)
        {
            Unavailable("PostgreSQL (set SAYSTOP_TEST_POSTGRES, or run scripts/test.sh which starts one)");
        }
    }

    public static void RequireChromium()
    {
        if (!File.Exists(ChromiumPath))
        {
            Unavailable($"Chromium at {ChromiumPath} (scripts/test.sh installs it)");
        }
    }

    private static void Unavailable(string what)
    {
        if (IsCi)
        {
            Assert.Fail($"CI=true and {what} is missing.");
        }

        Assert.Skip($"{what} is not available here.");
    }
}
