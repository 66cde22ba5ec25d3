using SkiaSharp;

namespace SayStop.Web.Infrastructure.Files;

/// <summary>An image ready to store or seal: re-encoded, upright, without a single byte of the original's metadata.</summary>
public sealed record CleanImage(byte[] Bytes, string ContentType, int Width, int Height, bool HadHiddenDetails);

/// <summary>
/// The one cleaner every uploaded image goes through (report photos, news covers, the logo). A photo from a phone
/// carries where and when it was taken, the device and sometimes the owner's name (EXIF, XMP, IPTC). Rather than
/// strip known fields (and miss an unknown one), the picture is decoded and encoded afresh by SkiaSharp, so only
/// pixels survive.
/// <para>
/// Memory: the size in pixels is read from the header before anything is decoded, so a small file claiming an
/// enormous picture (a decompression bomb) is refused without allocating it. One decode holds at most two
/// RGBA bitmaps (the decoded one and, for a turned photo, its upright copy: 4 bytes per pixel each) plus a copy of
/// the file and the encoded result, which is what <see cref="DecodeBudgetBytes"/> states; at most
/// <see cref="MaxConcurrentDecodes"/> decodes run at once in a process, whatever the number of uploads.
/// </para>
/// </summary>
public static class ImageCleaner
{
    /// <summary>A 24-megapixel camera fits; a phone's 48/50-megapixel full-resolution mode must be sent smaller.</summary>
    public const long MaxPixels = 25_000_000;

    public const int MaxSide = 12_000;

    public const int MaxConcurrentDecodes = 2;

    /// <summary>The largest file any form accepts (report photos), for the budget.</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>What one decode may cost: two bitmaps of <see cref="MaxPixels"/> and two copies of the file (220 MB).</summary>
    public const long DecodeBudgetBytes = (2 * 4 * MaxPixels) + (2 * MaxFileBytes);

    private static readonly SemaphoreSlim Decodes = new(MaxConcurrentDecodes, MaxConcurrentDecodes);

    public static async Task<(ImageCheck Check, CleanImage? Image)> CleanAsync(ReadOnlyMemory<byte> bytes, long maxBytes, CancellationToken ct)
    {
        if (Precheck(bytes.Span, maxBytes) is { } refused)
        {
            return (refused, null);
        }

        await Decodes.WaitAsync(ct);
        try
        {
            return Decode(bytes.Span);
        }
        finally
        {
            Decodes.Release();
        }
    }

    public static (ImageCheck Check, CleanImage? Image) Clean(ReadOnlySpan<byte> bytes, long maxBytes)
    {
        if (Precheck(bytes, maxBytes) is { } refused)
        {
            return (refused, null);
        }

        Decodes.Wait();
        try
        {
            return Decode(bytes);
        }
        finally
        {
            Decodes.Release();
        }
    }

    private static ImageCheck? Precheck(ReadOnlySpan<byte> bytes, long maxBytes) =>
        bytes.IsEmpty ? ImageCheck.Empty
        : bytes.Length > maxBytes ? ImageCheck.TooLarge
        : Sniff(bytes) is null ? ImageCheck.NotAnImage
        : null;

    private static (ImageCheck Check, CleanImage? Image) Decode(ReadOnlySpan<byte> bytes)
    {
        var format = Sniff(bytes);
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != format)
        {
            return (ImageCheck.NotAnImage, null);
        }

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || info.Width > MaxSide || info.Height > MaxSide
            || (long)info.Width * info.Height > MaxPixels)
        {
            return (ImageCheck.TooManyPixels, null);
        }

        var decoded = new SKBitmap(info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Premul));
        try
        {
            var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
            // A truncated file (IncompleteInput) would come out half grey: refuse it rather than keep half a picture.
            if (result != SKCodecResult.Success)
            {
                return (ImageCheck.NotAnImage, null);
            }

            // The orientation lives in the metadata that is about to go: turn the pixels upright first.
            var upright = Orient(decoded, codec.EncodedOrigin);
            if (!ReferenceEquals(upright, decoded))
            {
                decoded.Dispose();
                decoded = upright;
            }

            var (encodeAs, contentType, quality) = format switch
            {
                SKEncodedImageFormat.Png => (SKEncodedImageFormat.Png, "image/png", 100),
                SKEncodedImageFormat.Webp => (SKEncodedImageFormat.Webp, "image/webp", 85),
                _ => (SKEncodedImageFormat.Jpeg, "image/jpeg", 88),
            };
            // Encoding from the pixmap: an SKImage of a mutable bitmap would copy every pixel once more.
            using var pixmap = decoded.PeekPixels();
            using var encoded = pixmap?.Encode(encodeAs, quality);
            if (encoded is null)
            {
                return (ImageCheck.NotAnImage, null);
            }

            return (ImageCheck.Ok, new CleanImage(encoded.ToArray(), contentType, decoded.Width, decoded.Height, HasHiddenDetails(bytes)));
        }
        finally
        {
            decoded.Dispose();
        }
    }

    private static SKEncodedImageFormat? Sniff(ReadOnlySpan<byte> b) => ImageSignatures.ContentType(b) switch
    {
        "image/png" => SKEncodedImageFormat.Png,
        "image/jpeg" => SKEncodedImageFormat.Jpeg,
        "image/webp" => SKEncodedImageFormat.Webp,
        _ => null,
    };

    /// <summary>
    /// Whether the original carried EXIF, XMP, IPTC or text chunks, only to tell the reporter that such details (often
    /// the place) were removed. The removal itself does not depend on this guess.
    /// </summary>
    private static bool HasHiddenDetails(ReadOnlySpan<byte> b) =>
        b.IndexOf("Exif\0\0"u8) >= 0 || b.IndexOf("<x:xmpmeta"u8) >= 0 || b.IndexOf("http://ns.adobe.com/xap/"u8) >= 0
        || b.IndexOf("eXIf"u8) >= 0 || b.IndexOf("tEXt"u8) >= 0 || b.IndexOf("iTXt"u8) >= 0 || b.IndexOf("EXIF"u8) >= 0
        || b.IndexOf("XMP "u8) >= 0 || b.IndexOf("Photoshop 3.0"u8) >= 0;

    /// <summary>The upright picture: <paramref name="source"/> itself when it already is, else a new bitmap.</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return source;
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
        // Immutable first: SKImage.FromBitmap of a mutable bitmap would copy every pixel once more.
        source.SetImmutable();
        using var pixels = SKImage.FromBitmap(source);
        canvas.DrawImage(pixels, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return target;
    }
}
