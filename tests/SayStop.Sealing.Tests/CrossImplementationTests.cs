using System.Diagnostics;

namespace SayStop.Sealing.Tests;

/// <summary>
/// Runs Vectors/crosscheck.py, an independent Python implementation of the formats on OpenSSL (the `cryptography`
/// package) and the reference Argon2 library rather than libsodium, against the vectors file. It needs a python3 with
/// `cryptography` (and Argon2id from it, or `argon2-cffi`): `SAYSTOP_PYTHON`, then `python3` on the PATH, then the
/// distribution's /usr/bin/python3 (where scripts/test.sh installs python3-cryptography and python3-argon2). Skipped
/// when none has them on a developer's machine; under CI=true that is a failure, like every other missing dependency.
/// </summary>
public class CrossImplementationTests
{
    private const string Probe =
        "-c \"import cryptography.hazmat.primitives.ciphers.aead, cryptography.hazmat.primitives.asymmetric.x25519\n"
        + "try:\n    import cryptography.hazmat.primitives.kdf.argon2\nexcept ImportError:\n    import argon2.low_level\"";

    [Fact]
    public async Task An_independent_python_implementation_reproduces_the_vectors()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Vectors");
        var python = await FindPythonAsync(directory);
        if (python is null)
        {
            const string missing = "no python3 with the cryptography package (and Argon2id from it or argon2-cffi); scripts/test.sh installs python3-cryptography and python3-argon2";
            Assert.False(IsCi, "CI=true and " + missing);
            Assert.Skip(missing);
        }

        var result = await Run(python, "crosscheck.py sealing-v1.json", directory);

        Assert.True(result!.Value.ExitCode == 0, result.Value.Output);
        Assert.Contains("13 of 13 values reproduced independently", result.Value.Output, StringComparison.Ordinal);
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first interpreter that can import what crosscheck.py needs (a pyenv python3 may lack it).</summary>
    private static async Task<string?> FindPythonAsync(string directory)
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("SAYSTOP_PYTHON"), "python3", "/usr/bin/python3" };
        foreach (var candidate in candidates.OfType<string>().Where(c => c.Length > 0).Distinct())
        {
            if (await Run(candidate, Probe, directory) is { ExitCode: 0 })
            {
                return candidate;
            }
        }

        return null;
    }

    private static async Task<(int ExitCode, string Output)?> Run(string python, string arguments, string directory)
    {
        var start = new ProcessStartInfo(python, arguments)
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
            return null; // not installed
        }
    }
}
