using System.Security.Cryptography.X509Certificates;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Bcpg.OpenPgp;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Desk.Forwarding;

/// <summary>
/// The dossier as an email body (a short text, the PDF and the JSON), encrypted for the authority before it is
/// queued: S/MIME with MimeKit's BouncyCastle context (<see cref="ApplicationPkcs7Mime"/>) or OpenPGP/MIME with
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

    /// <summary>The entity encrypted to the certificate (S/MIME enveloped data), as MIME bytes.</summary>
    public static async Task<byte[]> EncryptSmimeAsync(MimeEntity entity, X509Certificate2 certificate, CancellationToken ct = default)
    {
        using var context = new TemporarySecureMimeContext();
        var recipients = new CmsRecipientCollection { new CmsRecipient(certificate) };
        var encrypted = await ApplicationPkcs7Mime.EncryptAsync(context, recipients, entity, ct);
        return await ToBytesAsync(encrypted, ct);
    }

    /// <summary>The entity encrypted to the OpenPGP key (PGP/MIME, RFC 3156), as MIME bytes.</summary>
    public static async Task<byte[]> EncryptOpenPgpAsync(MimeEntity entity, PgpPublicKey key, CancellationToken ct = default)
    {
        using var context = new KeyOnlyOpenPgpContext();
        var encrypted = await MultipartEncrypted.EncryptAsync(context, EncryptionAlgorithm.Aes256, [key], entity, ct);
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
/// An OpenPGP context with no key store: we only encrypt to keys we hand it. Lookups by address, signing and
/// decryption are not supported (the site never signs or decrypts OpenPGP).
/// </summary>
internal sealed class KeyOnlyOpenPgpContext : OpenPgpContext
{
    protected override string GetPasswordForKey(PgpSecretKey key) => throw new NotSupportedException();

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
