using System.Globalization;

namespace SayStop.Sealing;

/// <summary>
/// Purpose labels bound into the associated data of sealed fields, so a blob cannot be moved to another field,
/// message or attachment of the same report. Any non-empty label of at most 256 UTF-8 bytes works; these are the
/// ones the app uses.
/// </summary>
public static class SealingPurpose
{
    /// <summary>The reporter's answers to the form.</summary>
    public const string Answers = "answers";

    /// <summary>The reporter's optional contact details.</summary>
    public const string Contact = "contact";

    /// <summary>A message in the reporter / case handler conversation.</summary>
    public static string Message(Guid messageId) => Labelled("message", messageId);

    /// <summary>An internal case handler note.</summary>
    public static string Note(Guid noteId) => Labelled("note", noteId);

    /// <summary>The bytes of an attachment (used with <see cref="AttachmentSealer"/>).</summary>
    public static string Attachment(Guid attachmentId) => Labelled("attachment", attachmentId);

    /// <summary>An attachment's metadata (file name, content type, size).</summary>
    public static string AttachmentMetadata(Guid attachmentId) => Labelled("attachment-metadata", attachmentId);

    private static string Labelled(string kind, Guid id) => string.Create(CultureInfo.InvariantCulture, $"{kind}:{id:D}");
}
