using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.RateLimiting;

namespace SayStop.Web.Infrastructure.Security;

/// <summary>
/// Names the client a request comes from, for in-memory rate-limit partitions only: an HMAC of its address under a
/// key drawn when the process starts, so the partition keys held in memory are not addresses and mean nothing after
/// a restart. The address itself is never stored or logged. Behind the proxy (<c>Site:BehindProxy</c>) it is the
/// one the proxy put in <c>X-Forwarded-For</c> (<see cref="SiteModule"/>); IPv6 clients are named by their /64, the
/// block one subscriber usually holds, so hopping through its addresses does not make a new client.
/// </summary>
public sealed class ClientPartitions
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string KeyOf(HttpContext http) => KeyOf(http.Connection.RemoteIpAddress);

    public string KeyOf(IPAddress? address)
    {
        Span<byte> bytes = stackalloc byte[16];
        var length = 0;
        if (address is not null)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            address.TryWriteBytes(bytes, out length);
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                length = 8;
            }
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, bytes[..length], mac);
        return Convert.ToBase64String(mac[..16]);
    }

    /// <summary>
    /// A budget per client: <paramref name="permits"/> at once, refilled one at a time, <paramref name="permits"/>
    /// per <paramref name="window"/> (so a client who used them all gets the next one soon, not after the whole
    /// window). Idle partitions (full buckets) are dropped by the limiter after a few seconds, so memory follows the
    /// number of clients active right now.
    /// </summary>
    public static PartitionedRateLimiter<string> Budget(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, permits),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = window / Math.Max(1, permits),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
