using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace SayStop.Web.Infrastructure.Files;

/// <summary>
/// Marks a page whose multipart posts <see cref="StreamedFormMiddleware"/> reads itself, in memory, instead of
/// ASP.NET's form reader, which writes every file part over 64 KB to a temporary file in clear (the original photo
/// with its EXIF, XMP and GPS position). The page binds its fields and files as usual from the form it leaves.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StreamedFormAttribute(long maxRequestBytes, long maxFileBytes, int maxFiles) : Attribute
{
    public long MaxRequestBytes { get; } = maxRequestBytes;

    public long MaxFileBytes { get; } = maxFileBytes;

    /// <summary>Files kept in memory; parts beyond are read and dropped, leaving an empty entry so the page can say "too many".</summary>
    public int MaxFiles { get; } = maxFiles;
}

/// <summary>
/// A file part held in memory by <see cref="StreamedFormMiddleware"/>. A part over the page's size limit keeps no
/// byte: only its name and a length just over the limit, so the page tells the visitor it is too large.
/// </summary>
public sealed class BufferedFormFile(string name, string fileName, string? contentType, byte[] content, long length) : IFormFile
{
    public ReadOnlyMemory<byte> Content { get; } = content;

    public string ContentType { get; } = contentType ?? "application/octet-stream";

    public string ContentDisposition => string.Empty;

    public IHeaderDictionary Headers { get; } = new HeaderDictionary();

    public long Length { get; } = length;

    public string Name { get; } = name;

    public string FileName { get; } = fileName;

    public Stream OpenReadStream() => new MemoryStream(content, writable: false);

    public void CopyTo(Stream target) => target.Write(content);

    public async Task CopyToAsync(Stream target, CancellationToken cancellationToken = default) =>
        await target.WriteAsync(content, cancellationToken);
}

/// <summary>
/// Reads the multipart body of a <see cref="StreamedFormAttribute"/> page section by section from the request
/// stream into memory, and hands the page a form made of it (antiforgery and model binding read that form, never
/// the body). Nothing of the body reaches the disk. Memory is bounded per request (the page's file count × file size,
/// plus <see cref="MaxTextBytes"/> of fields) and across requests (<see cref="MaxConcurrentUploads"/> bodies held at
/// once; more wait, unread, until one ends). Held bytes are zeroed when the response is done.
/// </summary>
public sealed class StreamedFormMiddleware(RequestDelegate next, IOptions<FormOptions> formOptions)
{
    public const int MaxConcurrentUploads = 4;

    public const int MaxTextBytes = 1024 * 1024;

    private const int Chunk = 64 * 1024;

    /// <summary>Per process, as the memory it bounds.</summary>
    private static readonly SemaphoreSlim Uploads = new(MaxConcurrentUploads, MaxConcurrentUploads);

    public async Task InvokeAsync(HttpContext context)
    {
        var settings = context.GetEndpoint()?.Metadata.GetMetadata<StreamedFormAttribute>();
        if (settings is null || !HttpMethods.IsPost(context.Request.Method)
            || !MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // The page's [RequestSizeLimit] is a filter that runs after the body is read here: set it now.
            size.MaxRequestBodySize = settings.MaxRequestBytes;
        }

        await Uploads.WaitAsync(context.RequestAborted);
        var held = new List<byte[]>();
        try
        {
            IFormCollection form;
            try
            {
                form = await ReadAsync(context.Request.Body, boundary, settings, held, context.RequestAborted);
            }
            catch (BadHttpRequestException e)
            {
                context.Response.StatusCode = e.StatusCode;
                return;
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or TooMuchTextException)
            {
                context.Response.StatusCode = e is TooMuchTextException ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
                return;
            }
            catch (IOException) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            context.Features.Set<IFormFeature>(new FormFeature(form));
            await next(context);
        }
        finally
        {
            foreach (var bytes in held)
            {
                CryptographicOperations.ZeroMemory(bytes);
            }

            Uploads.Release();
        }
    }

    private async Task<IFormCollection> ReadAsync(Stream body, string boundary, StreamedFormAttribute settings, List<byte[]> held, CancellationToken ct)
    {
        var options = formOptions.Value;
        var reader = new MultipartReader(boundary, body)
        {
            HeadersCountLimit = options.MultipartHeadersCountLimit,
            HeadersLengthLimit = options.MultipartHeadersLengthLimit,
        };
        var fields = new KeyValueAccumulator();
        var files = new FormFileCollection();
        var textBytes = 0L;
        var values = 0;
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException("A multipart section without form-data disposition.");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            if (disposition.IsFileDisposition())
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? string.Empty;
                if (files.Count >= settings.MaxFiles)
                {
                    // Counted, not kept: the page says how many are allowed.
                    await DrainAsync(section.Body, ct);
                    files.Add(new BufferedFormFile(name, fileName, section.ContentType, [], 0));
                    continue;
                }

                var (content, length) = await ReadBoundedAsync(section.Body, settings.MaxFileBytes, ct);
                if (content is not null)
                {
                    held.Add(content);
                }

                files.Add(new BufferedFormFile(name, fileName, section.ContentType, content ?? [], length));
                continue;
            }

            if (++values > options.ValueCountLimit)
            {
                throw new TooMuchTextException();
            }

            var (text, textLength) = await ReadBoundedAsync(section.Body, options.ValueLengthLimit, ct);
            textBytes += textLength;
            if (text is null || textBytes > MaxTextBytes)
            {
                throw new TooMuchTextException();
            }

            held.Add(text);
            fields.Append(name, new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(text));
        }

        return new FormCollection(fields.HasValues ? fields.GetResults() : null, files);
    }

    /// <summary>The part's bytes, or null (with a length just over the limit) when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<(byte[]? Content, long Length)> ReadBoundedAsync(Stream part, long limit, CancellationToken ct)
    {
        var chunks = new List<(byte[] Buffer, int Count)>();
        var total = 0L;
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
                chunks.Add((buffer, 0));
                var read = await part.ReadAtLeastAsync(buffer.AsMemory(0, Chunk), Chunk, throwOnEndOfStream: false, ct);
                chunks[^1] = (buffer, read);
                total += read;
                if (total > limit)
                {
                    await DrainAsync(part, ct);
                    return (null, limit + 1);
                }

                if (read < Chunk)
                {
                    break;
                }
            }

            var content = new byte[total];
            var at = 0;
            foreach (var (buffer, count) in chunks)
            {
                buffer.AsSpan(0, count).CopyTo(content.AsSpan(at));
                at += count;
            }

            return (content, total);
        }
        finally
        {
            foreach (var (buffer, _) in chunks)
            {
                // Pooled buffers outlive the request: nothing of a photo stays in them.
                CryptographicOperations.ZeroMemory(buffer);
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static async Task DrainAsync(Stream part, CancellationToken ct)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            while (await part.ReadAsync(scratch.AsMemory(0, Chunk), ct) > 0)
            {
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scratch);
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private sealed class TooMuchTextException : Exception
    {
    }
}
