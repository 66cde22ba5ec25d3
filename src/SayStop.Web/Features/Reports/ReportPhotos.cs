using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SkiaSharp;

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
/// Cleans photos a reporter sends. A photo from a phone carries where and when it was taken, the device and
/// sometimes the owner's name (EXIF, XMP, IPTC); a reporter who sends it may give themselves away. Rather than
/// strip known fields (and miss an unknown one), the picture is decoded and encoded afresh by SkiaSharp, so only
/// pixels survive. The size in pixels is read from the header before any decoding, so a small file claiming an
/// enormous picture (a decompression bomb) is refused without allocating it.
/// </summary>
public static class PhotoCleaner
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxPerMessage = 5;

    /// <summary>About a 40-megapixel camera; a decoded image is at most 160 MB of memory.</summary>
    public const long MaxPixels = 40_000_000;
    public const int MaxSide = 12_000;

    public static (PhotoCheck Check, CleanPhoto? Photo) Clean(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return (PhotoCheck.Empty, null);
        }

        if (bytes.Length > MaxBytes)
        {
            return (PhotoCheck.TooLarge, null);
        }

        var format = Sniff(bytes);
        if (format is null)
        {
            return (PhotoCheck.NotAnImage, null);
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != format)
        {
            return (PhotoCheck.NotAnImage, null);
        }

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || info.Width > MaxSide || info.Height > MaxSide
            || (long)info.Width * info.Height > MaxPixels)
        {
            return (PhotoCheck.TooManyPixels, null);
        }

        using var decoded = new SKBitmap(info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Premul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        // A truncated file (IncompleteInput) would come out half grey: refuse it rather than seal half a picture.
        if (result != SKCodecResult.Success)
        {
            return (PhotoCheck.NotAnImage, null);
        }

        // The orientation lives in the metadata that is about to go: turn the pixels upright first.
        using var upright = Orient(decoded, codec.EncodedOrigin);
        using var image = SKImage.FromBitmap(upright);
        var (encodeAs, contentType, quality) = format switch
        {
            SKEncodedImageFormat.Png => (SKEncodedImageFormat.Png, "image/png", 100),
            SKEncodedImageFormat.Webp => (SKEncodedImageFormat.Webp, "image/webp", 85),
            _ => (SKEncodedImageFormat.Jpeg, "image/jpeg", 88),
        };
        using var encoded = image.Encode(encodeAs, quality);
        if (encoded is null)
        {
            return (PhotoCheck.NotAnImage, null);
        }

        return (PhotoCheck.Ok, new CleanPhoto(encoded.ToArray(), contentType, upright.Width, upright.Height, HasHiddenDetails(bytes)));
    }

    private static SKEncodedImageFormat? Sniff(ReadOnlySpan<byte> b) => Infrastructure.Files.ImageSignatures.ContentType(b) switch
    {
        "image/png" => SKEncodedImageFormat.Png,
        "image/jpeg" => SKEncodedImageFormat.Jpeg,
        "image/webp" => SKEncodedImageFormat.Webp,
        _ => null,
    };

    /// <summary>
    /// Whether the original carried EXIF, XMP or text chunks, only to tell the reporter that such details (often the
    /// place) were removed. The removal itself does not depend on this guess.
    /// </summary>
    private static bool HasHiddenDetails(ReadOnlySpan<byte> b) =>
        b.IndexOf("Exif\0\0"u8) >= 0 || b.IndexOf("<x:xmpmeta"u8) >= 0 || b.IndexOf("http://ns.adobe.com/xap/"u8) >= 0
        || b.IndexOf("eXIf"u8) >= 0 || b.IndexOf("tEXt"u8) >= 0 || b.IndexOf("iTXt"u8) >= 0 || b.IndexOf("EXIF"u8) >= 0
        || b.IndexOf("XMP "u8) >= 0 || b.IndexOf("Photoshop 3.0"u8) >= 0;

    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return source.Copy();
        }

        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var target = new SKBitmap(swap ? source.Height : source.Width, swap ? source.Width : source.Height, source.ColorType, source.AlphaType);
        using var canvas = new SKCanvas(target);
        var (w, h) = (target.Width, target.Height);
        // Each case maps the stored pixels onto the upright picture (EXIF orientation 2 to 8).
        var m = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, w, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, w, -1, 0, h, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, h, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        canvas.SetMatrix(m);
        using var pixels = SKImage.FromBitmap(source);
        canvas.DrawImage(pixels, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return target;
    }
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
            if (file.Length <= PhotoCleaner.MaxBytes)
            {
                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer, ct);
                (check, photo) = PhotoCleaner.Clean(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
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
