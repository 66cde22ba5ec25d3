using Npgsql;
using SayStop.Web.Data;

namespace SayStop.Web.Tests.Data;

/// <summary>
/// The PostgreSQL pool settings SayStop adds for its web workload (auto-prepare, no session reset between pooled
/// uses), and that a connection string naming either setting keeps its own value. The rest of the suite runs on
/// PostgreSQL with these settings.
/// </summary>
public sealed class PoolSettingsTests
{
    [Fact]
    public void APlainConnectionString_GetsAutoPrepare_AndNoSessionReset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPoolSettings("Host=127.0.0.1;Database=saystop"));
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("saystop", tuned.Database);
    }

    [Theory]
    [InlineData("Host=h;No Reset On Close=false;Max Auto Prepare=5")]
    [InlineData("Host=h;noresetonclose=False;Max Auto Prepare=5")]
    public void SettingsTheConnectionStringNames_AreKept(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPoolSettings(connectionString));
        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(5, tuned.MaxAutoPrepare);
    }
}
