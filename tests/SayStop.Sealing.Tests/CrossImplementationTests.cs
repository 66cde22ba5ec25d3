using System.Diagnostics;

namespace SayStop.Sealing.Tests;

/// <summary>
/// Runs Vectors/crosscheck.py, an independent Python implementation of the formats on OpenSSL (the `cryptography`
/// package) rather than libsodium, against the vectors file. Skipped where python3 with `cryptography` is missing.
/// </summary>
public class CrossImplementationTests
{
    [Fact]
    public async Task An_independent_python_implementation_reproduces_the_vectors()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Vectors");
        var probe = await Run("-c \"import cryptography.hazmat.primitives.kdf.argon2\"", directory);
        Assert.SkipWhen(probe is null || probe.Value.ExitCode != 0, "python3 with the cryptography package (>= 44) is not installed.");

        var result = await Run("crosscheck.py sealing-v1.json", directory);

        Assert.True(result!.Value.ExitCode == 0, result.Value.Output);
        Assert.Contains("13 of 13 values reproduced independently", result.Value.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)?> Run(string arguments, string directory)
    {
        var start = new ProcessStartInfo("python3", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await error);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // python3 is not on the PATH
        }
    }
}
