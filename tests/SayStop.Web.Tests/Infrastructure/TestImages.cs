using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace SayStop.Web.Tests.Infrastructure;

public static class TestImages
{
    /// <summary>A valid 1×1 PNG.</summary>
    public static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>A real photo-like picture (a gradient) encoded by Skia.</summary>
    public static byte[] Picture(int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Jpeg)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint())
        {
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                [SKColors.SteelBlue, SKColors.Orange], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>
    /// A JPEG as a phone makes it: an EXIF block (APP1) whose image description, camera owner and GPS latitude
    /// reference carry <paramref name="marker"/>, an orientation tag, and an XMP block (APP1) with the marker too.
    /// </summary>
    public static byte[] JpegWithMetadata(string marker, int width = 64, int height = 48, ushort orientation = 1)
    {
        var jpeg = Picture(width, height);
        var text = Encoding.ASCII.GetBytes(marker + "\0");

        // TIFF (big-endian): header, IFD0 with ImageDescription (0x010E), Orientation (0x0112), Artist (0x013B)
        // and a GPS IFD pointer (0x8825); the GPS IFD holds GPSLatitudeRef (0x0001) = the marker.
        var tiff = new List<byte>();
        void U16(int v) { tiff.Add((byte)(v >> 8)); tiff.Add((byte)v); }
        void U32(int v) { U16(v >> 16); U16(v & 0xFFFF); }
        const int ifd0 = 8, entries0 = 4, gpsEntries = 1;
        var gpsOffset = ifd0 + 2 + (entries0 * 12) + 4;
        var dataOffset = gpsOffset + 2 + (gpsEntries * 12) + 4;
        tiff.AddRange("MM"u8.ToArray()); U16(42); U32(ifd0);
        U16(entries0);
        U16(0x010E); U16(2); U32(text.Length); U32(dataOffset);
        U16(0x0112); U16(3); U32(1); U16(orientation); U16(0);
        U16(0x013B); U16(2); U32(text.Length); U32(dataOffset + text.Length);
        U16(0x8825); U16(4); U32(1); U32(gpsOffset);
        U32(0);
        U16(gpsEntries);
        U16(0x0001); U16(2); U32(text.Length); U32(dataOffset + (2 * text.Length));
        U32(0);
        tiff.AddRange(text); tiff.AddRange(text); tiff.AddRange(text);
        var exif = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var xmp = Encoding.UTF8.GetBytes("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:creator=\"" + marker + "\"/></rdf:RDF></x:xmpmeta>");

        using var output = new MemoryStream();
        output.Write(jpeg, 0, 2); // SOI
        foreach (var segment in new[] { exif, xmp })
        {
            output.WriteByte(0xFF);
            output.WriteByte(0xE1);
            output.WriteByte((byte)((segment.Length + 2) >> 8));
            output.WriteByte((byte)(segment.Length + 2));
            output.Write(segment);
        }

        output.Write(jpeg, 2, jpeg.Length - 2);
        return output.ToArray();
    }

    /// <summary>
    /// A PNG of a few kilobytes that claims 20,000 × 20,000 pixels (1.6 GB once decoded): a decompression bomb.
    /// Its rows really are there, compressed to almost nothing.
    /// </summary>
    public static byte[] PngBomb(int side = 20_000)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, side);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), side);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // greyscale
        Chunk(png, "IHDR", ihdr);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[side + 1]; // filter byte + zero pixels
            for (var y = 0; y < 2000; y++)
            {
                z.Write(row);
            }
        }

        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
