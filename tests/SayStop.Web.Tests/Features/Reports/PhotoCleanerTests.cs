using System.Text;
using SayStop.Web.Features.Reports;
using SayStop.Web.Tests.Infrastructure;
using SkiaSharp;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>What survives of a reporter's photo: the pixels, upright, and nothing else.</summary>
public sealed class PhotoCleanerTests
{
    [Fact]
    public void ExifGpsAndXmp_AreGone_ThePictureStays()
    {
        var marker = "GPSMARKER" + Guid.NewGuid().ToString("N")[..8];
        var original = TestImages.JpegWithMetadata(marker);
        Assert.True(Encoding.ASCII.GetString(original).Contains(marker, StringComparison.Ordinal));
        using (var codec = SKCodec.Create(new MemoryStream(original)))
        {
            Assert.NotNull(codec); // the crafted file is a valid JPEG
        }

        var (check, photo) = PhotoCleaner.Clean(original);
        Assert.Equal(PhotoCheck.Ok, check);
        Assert.True(photo!.HadHiddenDetails);
        Assert.Equal("image/jpeg", photo.ContentType);
        Assert.Equal((64, 48), (photo.Width, photo.Height));
        var text = Encoding.Latin1.GetString(photo.Bytes);
        Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exif", text, StringComparison.Ordinal);
        Assert.DoesNotContain("xmpmeta", text, StringComparison.Ordinal);
        using var decoded = SKBitmap.Decode(photo.Bytes);
        Assert.Equal(64, decoded.Width);
    }

    [Fact]
    public void ASidewaysPhoto_IsTurnedUpright_BeforeItsOrientationTagIsDropped()
    {
        // Orientation 6: stored 64×48, shown 48×64.
        var (check, photo) = PhotoCleaner.Clean(TestImages.JpegWithMetadata("x", 64, 48, orientation: 6));
        Assert.Equal(PhotoCheck.Ok, check);
        Assert.Equal((48, 64), (photo!.Width, photo.Height));
        using var decoded = SKBitmap.Decode(photo.Bytes);
        Assert.Equal((48, 64), (decoded.Width, decoded.Height));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, "image/png")]
    [InlineData(SKEncodedImageFormat.Webp, "image/webp")]
    [InlineData(SKEncodedImageFormat.Jpeg, "image/jpeg")]
    public void PngWebpAndJpeg_AreAccepted_AndKeepTheirKind(SKEncodedImageFormat format, string contentType)
    {
        var (check, photo) = PhotoCleaner.Clean(TestImages.Picture(40, 30, format));
        Assert.Equal(PhotoCheck.Ok, check);
        Assert.Equal(contentType, photo!.ContentType);
        Assert.False(photo.HadHiddenDetails);
    }

    [Fact]
    public void ADecompressionBomb_IsRefusedFromItsHeader()
    {
        var bomb = TestImages.PngBomb();
        Assert.True(bomb.Length < 200_000, $"the bomb is {bomb.Length} bytes");
        Assert.Equal(PhotoCheck.TooManyPixels, PhotoCleaner.Clean(bomb).Check);
    }

    [Fact]
    public void NotAnImage_Empty_AndTooLarge_AreRefused()
    {
        Assert.Equal(PhotoCheck.NotAnImage, PhotoCleaner.Clean("this is not a photo, whatever its name says"u8).Check);
        Assert.Equal(PhotoCheck.NotAnImage, PhotoCleaner.Clean([0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0]).Check);
        var truncated = TestImages.Picture(64, 64, SKEncodedImageFormat.Png)[..60];
        Assert.Equal(PhotoCheck.NotAnImage, PhotoCleaner.Clean(truncated).Check);
        Assert.Equal(PhotoCheck.Empty, PhotoCleaner.Clean([]).Check);
        Assert.Equal(PhotoCheck.TooLarge, PhotoCleaner.Clean(new byte[PhotoCleaner.MaxBytes + 1]).Check);
    }
}
