using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Web.Data;

namespace SayStop.Web.Infrastructure.Files;

/// <summary>
/// A public image uploaded by staff (a news cover, the logo). Kept in the database rather than on one
/// node's disk, so every web node serves it; served with a year-long cache since a file never changes.
/// Report attachments never come here: they are sealed and never public.
/// </summary>
public sealed class StoredFile
{
    public Guid Id { get; set; }

    public string ContentType { get; set; } = string.Empty;

    public byte[] Content { get; set; } = [];

    public string Sha256 { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> b)
    {
        b.ToTable("Files");
        b.HasKey(f => f.Id);
        b.Property(f => f.ContentType).HasMaxLength(50).IsRequired();
        b.Property(f => f.Sha256).HasMaxLength(64).IsRequired();
    }
}

public enum ImageCheck
{
    Ok,
    Empty,
    TooLarge,
    NotAnImage,

    /// <summary>Too many pixels to decode safely (a decompression bomb, or simply a gigantic image).</summary>
    TooManyPixels,
}

/// <summary>The image formats the site accepts, recognised by their first bytes, never by name or declared type.</summary>
public static class ImageSignatures
{
    /// <summary>"image/png", "image/jpeg", "image/webp", or null.</summary>
    public static string? ContentType(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : b.Length > 12 && b[..4].SequenceEqual("RIFF"u8) && b.Slice(8, 4).SequenceEqual("WEBP"u8) ? "image/webp"
        : null;
}

/// <summary>Accepts PNG, JPEG and WebP up to 5 MB, recognised by their first bytes, not by name or header, and cleaned.</summary>
public sealed class PublicImages(AppDbContext db, TimeProvider clock)
{
    public const long MaxBytes = 5 * 1024 * 1024;

    /// <summary>
    /// Stores the image cleaned by <see cref="ImageCleaner"/> (a cover photo from a phone carries its GPS position,
    /// XMP and IPTC as much as a reporter's photo does): only the re-encoded pixels are kept.
    /// </summary>
    public async Task<(ImageCheck Check, Guid? Id)> SaveAsync(IFormFile file, CancellationToken ct)
    {
        if (file.Length > MaxBytes)
        {
            return (ImageCheck.TooLarge, null);
        }

        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        var (check, image) = await ImageCleaner.CleanAsync(ms.GetBuffer().AsMemory(0, (int)ms.Length), MaxBytes, ct);
        if (check != ImageCheck.Ok)
        {
            return (check, null);
        }

        var stored = new StoredFile
        {
            Id = Guid.CreateVersion7(),
            ContentType = image!.ContentType,
            Content = image.Bytes,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(image.Bytes)),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(stored);
        return (ImageCheck.Ok, stored.Id);
    }
}

public static class FilesModule
{
    public static IServiceCollection AddPublicFiles(this IServiceCollection services) =>
        services.AddScoped<PublicImages>();

    public static IEndpointRouteBuilder MapPublicFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/{id:guid}", async (Guid id, AppDbContext db, HttpContext ctx, CancellationToken ct) =>
        {
            var file = await db.Set<StoredFile>().AsNoTracking()
                .Where(f => f.Id == id)
                .Select(f => new { f.ContentType, f.Content, f.Sha256 })
                .FirstOrDefaultAsync(ct);
            if (file is null)
            {
                return Results.NotFound();
            }

            ctx.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.File(file.Content, file.ContentType,
                entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue("\"" + file.Sha256[..16] + "\""));
        });
        return app;
    }
}
