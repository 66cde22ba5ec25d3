using NSec.Cryptography;

namespace SayStop.Sealing.Tests;

/// <summary>The primitives as wired through NSec reproduce their standards' published test vectors.</summary>
public class PrimitiveKnownAnswerTests
{
    [Fact]
    public void X25519_matches_RFC_7748_section_6_1()
    {
        var alicePrivate = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        var bobPublic = Convert.FromHexString("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");

        using var alice = KeyPair.FromPrivateKey(alicePrivate);
        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
            Convert.ToHexStringLower(alice.PublicKey.ToArray()));

        using var shared = KeyAgreementAlgorithm.X25519.Agree(alice.Key,
            PublicKey.Import(KeyAgreementAlgorithm.X25519, bobPublic, KeyBlobFormat.RawPublicKey),
            new SharedSecretCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
            Convert.ToHexStringLower(shared!.Export(SharedSecretBlobFormat.RawSharedSecret)));
    }

    [Fact]
    public void HKDF_SHA256_matches_RFC_5869_test_case_1()
    {
        var ikm = Convert.FromHexString("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        var salt = Convert.FromHexString("000102030405060708090a0b0c");
        var info = Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9");
        var okm = new byte[42];

        Primitives.Hkdf(ikm, salt, info, okm);

        Assert.Equal("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
            Convert.ToHexStringLower(okm));
    }

    [Fact]
    public void XChaCha20_Poly1305_matches_draft_irtf_cfrg_xchacha_A_3_1()
    {
        var plaintext = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."u8;
        var ad = Convert.FromHexString("50515253c0c1c2c3c4c5c6c7");
        var key = Convert.FromHexString("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        var nonce = Convert.FromHexString("404142434445464748494a4b4c4d4e4f5051525354555657");
        var ciphertext = new byte[plaintext.Length + 16];

        Primitives.Encrypt(key, nonce, ad, plaintext, ciphertext);

        Assert.Equal(
            "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e"
            + "c0875924c1c7987947deafd8780acf49",
            Convert.ToHexStringLower(ciphertext));
    }
}
