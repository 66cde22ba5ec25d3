using System.Security.Cryptography.X509Certificates;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Bcpg.OpenPgp;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Desk.Forwarding;

/// <summary>
/// The dossier as an email body (a short text, the PDF and the JSON), encrypted for the authority before it is
/// queued, and signed by the organisation inside the encryption: S/MIME with MimeKit's BouncyCastle context
/// (<see cref="MultipartSigned"/> inside <see cref="ApplicationPkcs7Mime"/>) or OpenPGP/MIME with
/// <see cref="MultipartEncrypted"/>. The outbox only ever holds the ciphertext.
/// </summary>
public static class DossierMail
{
    /// <summary>The subject says only that a dossier arrives and its reference (it is not encrypted).</summary>
    public static string Subject(Texts texts, Dossier d) => texts.In(d.Language, "Desk.Dossier.MailSubject").Replace("{0}", d.Reference, StringComparison.Ordinal);

    public static MimeEntity Body(Texts texts, Dossier d, byte[] pdf, byte[] json)
    {
        var body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = texts.In(d.Language, "Desk.Dossier.MailBody").Replace("{0}", d.Reference, StringComparison.Ordinal) },
            new MimePart("application", "pdf")
            {
                Content = new MimeContent(new MemoryStream(pdf)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = $"dossier-{d.Reference}.pdf",
            },
            new MimePart("application", "json")
            {
                Content = new MimeContent(new MemoryStream(json)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = $"dossier-{d.Reference}.json",
            },
        };
        return body;
    }

    /// <summary>
    /// The entity signed with the organisation's certificate (multipart/signed, SHA-256), then encrypted to the
    /// authority's certificate alone (S/MIME enveloped data) with AES-256-CBC and RSAES-OAEP (SHA-256), as MIME bytes.
    /// The algorithms are fixed rather than read from the certificate's SMIMECapabilities: MimeKit falls back to
    /// 3DES and PKCS#1 v1.5 when that extension is missing, and MimeKit's S/MIME has no AES-GCM (AuthEnvelopedData).
    /// </summary>
    public static async Task<byte[]> EncryptSmimeAsync(MimeEntity entity, X509Certificate2 certificate, X509Certificate2 signer, CancellationToken ct = default)
    {
        using var context = new TemporarySecureMimeContext();
        var signed = await MultipartSigned.CreateAsync(context, new CmsSigner(signer) { DigestAlgorithm = DigestAlgorithm.Sha256 }, entity, ct);
        var recipient = new CmsRecipient(certificate)
        {
            EncryptionAlgorithms = [EncryptionAlgorithm.Aes256],
            RsaEncryptionPadding = RsaEncryptionPadding.OaepSha256,
        };
        var encrypted = await ApplicationPkcs7Mime.EncryptAsync(context, new CmsRecipientCollection { recipient }, signed, ct);
        return await ToBytesAsync(encrypted, ct);
    }

    /// <summary>
    /// The entity signed with the organisation's OpenPGP key (SHA-256) and encrypted to the authority's key alone
    /// (AES-256, with an integrity packet): PGP/MIME, RFC 3156 section 6.2, as MIME bytes.
    /// </summary>
    public static async Task<byte[]> EncryptOpenPgpAsync(MimeEntity entity, PgpPublicKey key, PgpSecretKey signer, string passphrase, CancellationToken ct = default)
    {
        using var context = new KeyOnlyOpenPgpContext(passphrase);
        var encrypted = await MultipartEncrypted.SignAndEncryptAsync(context, signer, DigestAlgorithm.Sha256, EncryptionAlgorithm.Aes256, [key], entity, ct);
        return await ToBytesAsync(encrypted, ct);
    }

    private static async Task<byte[]> ToBytesAsync(MimeEntity entity, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await entity.WriteToAsync(buffer, ct);
        return buffer.ToArray();
    }
}

/// <summary>
/// An OpenPGP context with no key store: we only encrypt to keys we hand it and sign with the organisation's key we
/// hand it. Lookups by address and decryption are not supported (the site never decrypts OpenPGP).
/// </summary>
internal sealed class KeyOnlyOpenPgpContext(string passphrase) : OpenPgpContext
{
    protected override string GetPasswordForKey(PgpSecretKey key) => passphrase;

    public override bool CanEncrypt(MailboxAddress mailbox, CancellationToken cancellationToken = default) => false;

    public override Task<bool> CanEncryptAsync(MailboxAddress mailbox, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public override bool CanSign(MailboxAddress signer, CancellationToken cancellationToken = default) => false;

    public override Task<bool> CanSignAsync(MailboxAddress signer, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public override MimePart Export(IEnumerable<MailboxAddress> mailboxes, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override Task<MimePart> ExportAsync(IEnumerable<MailboxAddress> mailboxes, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override void Export(IEnumerable<MailboxAddress> mailboxes, Stream stream, bool armor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override Task ExportAsync(IEnumerable<MailboxAddress> mailboxes, Stream stream, bool armor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    protected override PgpPublicKeyRing? GetPublicKeyRing(long keyId, CancellationToken cancellationToken) => throw new NotSupportedException();

    protected override Task<PgpPublicKeyRing?> GetPublicKeyRingAsync(long keyId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public override IList<PgpPublicKey> GetPublicKeys(IEnumerable<MailboxAddress> mailboxes, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override Task<IList<PgpPublicKey>> GetPublicKeysAsync(IEnumerable<MailboxAddress> mailboxes, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    protected override PgpSecretKey GetSecretKey(long keyId, CancellationToken cancellationToken) => throw new NotSupportedException();

    protected override Task<PgpSecretKey> GetSecretKeyAsync(long keyId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public override PgpSecretKey GetSigningKey(MailboxAddress mailbox, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override Task<PgpSecretKey> GetSigningKeyAsync(MailboxAddress mailbox, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override void Import(PgpPublicKeyRing keyring, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override void Import(PgpPublicKeyRingBundle bundle, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override void Import(PgpSecretKeyRing keyring, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override void Import(PgpSecretKeyRingBundle bundle, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
