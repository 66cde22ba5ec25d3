using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Web.Infrastructure.Files;

namespace SayStop.Web.Features.Reports;

public enum PhotoCheck
{
    Ok,
    Empty,
    TooLarge,
    NotAnImage,

    /// <summary>Too many pixels to decode safely (a decompression bomb, or simply a gigantic image).</summary>
    TooManyPixels,
}

/// <summary>A photo ready to seal: re-encoded, upright, without a single byte of the original's metadata.</summary>
public sealed record CleanPhoto(byte[] Bytes, string ContentType, int Width, int Height, bool HadHiddenDetails);

/// <summary>
/// The limits of report photos; the cleaning itself is the site's one <see cref="ImageCleaner"/> (decoded and encoded
/// afresh, pixel limit read from the header, a bounded number of decodes at once).
/// </summary>
public static class PhotoCleaner
{
    public const long MaxBytes = ImageCleaner.MaxFileBytes;
    public const int MaxPerMessage = 5;

    public const long MaxPixels = ImageCleaner.MaxPixels;

    public static (PhotoCheck Check, CleanPhoto? Photo) Clean(ReadOnlySpan<byte> bytes) => Map(ImageCleaner.Clean(bytes, MaxBytes));

    public static async Task<(PhotoCheck Check, CleanPhoto? Photo)> CleanAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct) =>
        Map(await ImageCleaner.CleanAsync(bytes, MaxBytes, ct));

    private static (PhotoCheck, CleanPhoto?) Map((ImageCheck Check, CleanImage? Image) r) => (r.Check switch
    {
        ImageCheck.Ok => PhotoCheck.Ok,
        ImageCheck.Empty => PhotoCheck.Empty,
        ImageCheck.TooLarge => PhotoCheck.TooLarge,
        ImageCheck.TooManyPixels => PhotoCheck.TooManyPixels,
        _ => PhotoCheck.NotAnImage,
    }, r.Image is { } i ? new CleanPhoto(i.Bytes, i.ContentType, i.Width, i.Height, i.HadHiddenDetails) : null);
}

/// <summary>
/// A photo sent with a report (<see cref="MessageId"/> null) or with a reporter's answer, sealed in chunks under the
/// report's content key (purpose "attachment:{id}"). Only its length and kind are in clear; deleting the report
/// deletes it.
/// </summary>
public sealed class ReportAttachment
{
    public Guid Id { get; set; }

    public Guid ReportId { get; set; }

    public Guid? MessageId { get; set; }

    /// <summary>Order within the report.</summary>
    public int Sequence { get; set; }

    public string ContentType { get; set; } = string.Empty;

    /// <summary>AttachmentSealer output.</summary>
    public byte[] Sealed { get; set; } = [];
}

internal sealed class ReportAttachmentConfiguration : IEntityTypeConfiguration<ReportAttachment>
{
    public void Configure(EntityTypeBuilder<ReportAttachment> b)
    {
        b.ToTable("ReportAttachments");
        b.HasKey(a => a.Id);
        b.Property(a => a.ContentType).HasMaxLength(20).IsRequired();
        b.Property(a => a.Sealed).IsRequired();
        b.HasIndex(a => new { a.ReportId, a.Sequence }).IsUnique();
        b.HasOne<Report>().WithMany().HasForeignKey(a => a.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ReportMessage>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The photo field of a form (the report's send step, the reporter's answer): limits, cleaning, messages.</summary>
public static class PhotoUploads
{
    /// <summary>The chosen photos cleaned, or null after saying (in the visitor's language) what is wrong with which.</summary>
    public static async Task<List<CleanPhoto>?> CleanAsync(IReadOnlyList<IFormFile>? files, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState,
        string field, Infrastructure.Localization.Texts texts, CancellationToken ct)
    {
        // A browser posts one empty part when no file was chosen.
        var chosen = (files ?? []).Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList();
        if (chosen.Count > PhotoCleaner.MaxPerMessage)
        {
            modelState.AddModelError(field, texts["Report.Photos.TooMany", PhotoCleaner.MaxPerMessage]);
            return null;
        }

        var cleaned = new List<CleanPhoto>(chosen.Count);
        foreach (var file in chosen)
        {
            var check = PhotoCheck.TooLarge;
            CleanPhoto? photo = null;
            if (file is BufferedFormFile buffered && file.Length <= PhotoCleaner.MaxBytes)
            {
                // Read by StreamedForms into memory: cleaned from there, no second copy of the original.
                (check, photo) = await PhotoCleaner.CleanAsync(buffered.Content, ct);
            }
            else if (file is not BufferedFormFile && file.Length <= PhotoCleaner.MaxBytes)
            {
                var buffer = new byte[file.Length];
                try
                {
                    await using (var stream = file.OpenReadStream())
                    {
                        await stream.ReadExactlyAsync(buffer, ct);
                    }

                    (check, photo) = await PhotoCleaner.CleanAsync(buffer, ct);
                }
                finally
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
                }
            }

            if (photo is null)
            {
                // The file's own name is the reporter's text: shown encoded, never logged.
                var name = Infrastructure.Security.TextInput.Clean(Path.GetFileName(file.FileName)) ?? string.Empty;
                modelState.AddModelError(field, texts["Report.Photos." + check, name.Length > 80 ? name[..80] : name]);
                return null;
            }

            cleaned.Add(photo);
        }

        return cleaned;
    }
}
