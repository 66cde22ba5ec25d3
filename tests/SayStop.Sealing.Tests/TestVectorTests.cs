using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NSec.Cryptography;

namespace SayStop.Sealing.Tests;

/// <summary>
/// Reproduces Vectors/sealing-v1.json (also printed in docs/SEALING.md) byte for byte, with the randomness injected.
/// To regenerate after a deliberate format change (which needs a new format version), run
/// SAYSTOP_SEALING_WRITE_VECTORS=/abs/path/to/Vectors/sealing-v1.json dotnet test --filter TestVectorTests
/// and paste the new values into docs/SEALING.md.
/// </summary>
public class TestVectorTests
{
    private static readonly Lazy<JsonObject> s_file = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "sealing-v1.json")))!.AsObject());

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] Range(int start, int count) => Enumerable.Range(start, count).Select(i => (byte)i).ToArray();

    /// <summary>The fixed inputs; outputs are computed by the library.</summary>
    private static JsonObject Compute(JsonObject inputs)
    {
        var cost = new Argon2idCost((int)inputs["argon2id"]!["memoryKiB"]!, (int)inputs["argon2id"]!["iterations"]!);
        var reportId = Guid.Parse((string)inputs["reportId"]!);
        using var contentKey = ContentKey.FromBytes(Hex((string)inputs["contentKey"]!));
        var result = new JsonObject();

        var envelope = inputs["envelope"]!;
        result["envelope.sealed"] = Hex(ReportEnvelope.Seal(contentKey, reportId, (string)envelope["purpose"]!,
            Encoding.UTF8.GetBytes((string)envelope["plaintext"]!), Hex((string)envelope["nonce"]!)));

        var sealedKey = inputs["sealedKey"]!;
        using (var recipient = KeyPair.FromPrivateKey(Hex((string)sealedKey["recipientPrivateKey"]!)))
        using (var ephemeral = KeyPair.FromPrivateKey(Hex((string)sealedKey["ephemeralPrivateKey"]!)))
        {
            result["sealedKey.recipientPublicKey"] = Hex(recipient.PublicKey.ToArray());
            result["sealedKey.recipientKeyId"] = recipient.PublicKey.Id.ToString();
            result["sealedKey.ephemeralPublicKey"] = Hex(ephemeral.PublicKey.ToArray());
            result["sealedKey.sealed"] = Hex(SealedKey.Seal(contentKey, recipient.PublicKey, reportId, ephemeral.Key));
        }

        var receiptInputs = inputs["receipt"]!;
        var receipt = Receipt.FromBytes(Hex((string)receiptInputs["bytes"]!));
        result["receipt.display"] = receipt.ToDisplayString();
        result["receipt.locator"] = receipt.Locator;
        result["receipt.verifier"] = Hex(ReceiptVerifier.Create(receipt, contentKey, reportId, cost,
            Hex((string)receiptInputs["salt"]!), Hex((string)receiptInputs["nonce"]!)));

        var protectedInputs = inputs["protectedPrivateKey"]!;
        using (var staff = KeyPair.FromPrivateKey(Hex((string)protectedInputs["privateKey"]!)))
        {
            result["protectedPrivateKey.publicKey"] = Hex(staff.PublicKey.ToArray());
            result["protectedPrivateKey.protected"] = Hex(ProtectedPrivateKey.Protect(staff, (string)protectedInputs["password"]!,
                cost, Hex((string)protectedInputs["salt"]!), Hex((string)protectedInputs["nonce"]!)));
        }

        using (var recovery = KeyPair.FromPrivateKey(Hex((string)inputs["recoveryKey"]!["privateKey"]!)))
        {
            result["recoveryKey.publicKey"] = Hex(recovery.PublicKey.ToArray());
            result["recoveryKey.text"] = RecoveryKey.Export(recovery);
        }

        var attachment = inputs["attachment"]!;
        using var output = new MemoryStream();
        AttachmentSealer.SealAsync(contentKey, reportId, (string)attachment["purpose"]!,
            new MemoryStream(Hex((string)attachment["plaintext"]!)), output, (int)attachment["chunkSize"]!,
            Hex((string)attachment["salt"]!), Hex((string)attachment["noncePrefix"]!), default).GetAwaiter().GetResult();
        result["attachment.sealed"] = Hex(output.ToArray());
        return result;
    }

    private static JsonObject DefaultInputs() => new()
    {
        ["argon2id"] = new JsonObject { ["memoryKiB"] = 65536, ["iterations"] = 1, ["parallelism"] = 1 },
        ["reportId"] = "0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b",
        ["contentKey"] = Hex(Range(0x00, 32)),
        ["envelope"] = new JsonObject
        {
            ["purpose"] = "answers",
            ["plaintext"] = "{\"where\":\"Hotel Example, room 12\",\"when\":\"2026-11-01\"}",
            ["nonce"] = Hex(Range(0x40, 24)),
        },
        ["sealedKey"] = new JsonObject
        {
            ["recipientPrivateKey"] = Hex(Range(0x20, 32)),
            ["ephemeralPrivateKey"] = Hex(Range(0x80, 32)),
        },
        ["receipt"] = new JsonObject
        {
            ["bytes"] = "00112233445566778899aabbccddee",
            ["salt"] = Hex(Range(0x60, 16)),
            ["nonce"] = Hex(Range(0x70, 24)),
        },
        ["protectedPrivateKey"] = new JsonObject
        {
            ["privateKey"] = Hex(Range(0xa0, 32)),
            ["password"] = "correct horse battery staple",
            ["salt"] = Hex(Range(0x90, 16)),
            ["nonce"] = Hex(Range(0xc0, 24)),
        },
        ["recoveryKey"] = new JsonObject { ["privateKey"] = Hex(Range(0xd0, 32)) },
        ["attachment"] = new JsonObject
        {
            ["purpose"] = "attachment:0193a5b2-0000-7000-8000-000000000001",
            ["chunkSize"] = 32,
            ["plaintext"] = Hex(Range(0x00, 80)),
            ["salt"] = Hex(Range(0xe0, 32)),
            ["noncePrefix"] = Hex(Range(0x01, 19)),
        },
    };

    [Fact]
    public void The_library_reproduces_the_published_vectors()
    {
        var writeTo = Environment.GetEnvironmentVariable("SAYSTOP_SEALING_WRITE_VECTORS");
        if (!string.IsNullOrEmpty(writeTo))
        {
            WriteVectors(writeTo);
        }
        var file = s_file.Value;
        var expected = file["expected"]!.AsObject();
        var actual = Compute(file["inputs"]!.AsObject());

        Assert.Equal(expected.Select(p => p.Key).Order(StringComparer.Ordinal), actual.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (name, value) in expected)
        {
            Assert.True((string)value! == (string)actual[name]!, $"{name}: expected {value}, got {actual[name]}");
        }
    }

    [Fact]
    public async Task The_published_vectors_open_again()
    {
        var file = s_file.Value;
        var inputs = file["inputs"]!;
        var expected = file["expected"]!;
        var reportId = Guid.Parse((string)inputs["reportId"]!);
        var contentKeyBytes = Hex((string)inputs["contentKey"]!);
        using var contentKey = ContentKey.FromBytes(contentKeyBytes);

        Assert.Equal((string)inputs["envelope"]!["plaintext"]!, ReportEnvelope.OpenText(contentKey, reportId,
            (string)inputs["envelope"]!["purpose"]!, Hex((string)expected["envelope.sealed"]!)));

        using (var recipient = KeyPair.FromPrivateKey(Hex((string)inputs["sealedKey"]!["recipientPrivateKey"]!)))
        using (var opened = SealedKey.Open(Hex((string)expected["sealedKey.sealed"]!), recipient, reportId))
        {
            Assert.Equal(contentKeyBytes, opened.Bytes.ToArray());
        }

        Assert.True(Receipt.TryParse(((string)expected["receipt.display"]!).ToLowerInvariant(), out var receipt));
        Assert.True(ReceiptVerifier.TryOpen(Hex((string)expected["receipt.verifier"]!), receipt, reportId, out var fromReceipt));
        using (fromReceipt)
        {
            Assert.Equal(contentKeyBytes, fromReceipt.Bytes.ToArray());
        }

        Assert.True(ProtectedPrivateKey.TryUnlock(Hex((string)expected["protectedPrivateKey.protected"]!),
            (string)inputs["protectedPrivateKey"]!["password"]!, out var staff));
        using (staff)
        {
            Assert.Equal((string)inputs["protectedPrivateKey"]!["privateKey"]!, Hex(staff.ExportPrivateKey()));
        }

        Assert.True(RecoveryKey.TryImport((string)expected["recoveryKey.text"]!, out var recovery));
        using (recovery)
        {
            Assert.Equal((string)inputs["recoveryKey"]!["privateKey"]!, Hex(recovery.ExportPrivateKey()));
        }

        using var plain = new MemoryStream();
        await AttachmentSealer.OpenAsync(contentKey, reportId, (string)inputs["attachment"]!["purpose"]!,
            new MemoryStream(Hex((string)expected["attachment.sealed"]!)), plain);
        Assert.Equal((string)inputs["attachment"]!["plaintext"]!, Hex(plain.ToArray()));
    }

    [Fact]
    public void The_documentation_prints_the_same_vectors()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SayStop.slnx")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        var document = File.ReadAllText(Path.Combine(directory.FullName, "docs", "SEALING.md"));

        foreach (var (name, value) in s_file.Value["expected"]!.AsObject())
        {
            Assert.True(document.Contains((string)value!, StringComparison.Ordinal), $"docs/SEALING.md lacks {name}");
        }
        foreach (var value in s_file.Value["inputs"]!.AsObject().SelectMany(p => p.Value is JsonObject o ? o.Select(q => q.Value) : [p.Value]))
        {
            Assert.True(document.Contains(value!.ToString(), StringComparison.Ordinal), $"docs/SEALING.md lacks input {value}");
        }
    }

    private static void WriteVectors(string path)
    {
        var inputs = DefaultInputs();
        var file = new JsonObject
        {
            ["format"] = "SayStop.Sealing format version 1 test vectors; all byte strings are lowercase hex",
            ["inputs"] = inputs,
            ["expected"] = Compute(inputs),
        };
        File.WriteAllText(path, file.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // only to keep quotes readable in a file no browser renders
        }) + "\n");
    }

    [Fact]
    public void Ephemeral_key_injection_matches_NSec_import()
    {
        // Guards the vector harness: KeyPair.Key is the NSec key the deterministic overload expects.
        using var pair = KeyPair.FromPrivateKey(Range(0x80, 32));
        Assert.Equal(KeyAgreementAlgorithm.X25519, pair.Key.Algorithm);
    }
}
