using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// Decks and cards as learners see them, kept in memory. They change only through authoring, yet every study page
/// needs a deck and a card in the visitor's language, and the card query (translations of the card and of each
/// choice) was three quarters of a study page's database time (bench/go4tips).
/// <para>
/// Freshness: a save that touches a deck, a card, a choice or one of their translations clears the cache on the node
/// that made it (<see cref="ChangeWatcher"/>), so an author sees their edit at once; other web nodes see it when their
/// entries expire, after <see cref="Lifetime"/> at most. Missing decks and cards are not cached, so made-up keys in
/// URLs cannot fill the memory. A save inside an explicit transaction clears before its commit: a read between the
/// two may keep the old text until its entry expires (the same <see cref="Lifetime"/>).
/// </para>
/// </summary>
public sealed class PublishedContent(IMemoryCache cache) : IDisposable
{
    /// <summary>How long another web node may show a card or a deck as it was before an edit.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private CancellationTokenSource generation = new();

    public async Task<T?> GetOrLoadAsync<T>(string kind, object id, string culture, Func<Task<T?>> load)
        where T : class
    {
        var key = (typeof(PublishedContent), kind, id, culture);
        if (cache.TryGetValue(key, out T? hit))
        {
            return hit;
        }

        // Taken before loading: if an edit clears the cache while we read, this entry is born expired.
        var current = Volatile.Read(ref generation);
        var value = await load();
        if (value is not null)
        {
            using var entry = cache.CreateEntry(key);
            entry.Value = value;
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            entry.AddExpirationToken(new CancellationChangeToken(current.Token));
        }

        return value;
    }

    /// <summary>Forgets every deck and card (called after authoring saves).</summary>
    public void Clear()
    {
        var old = Interlocked.Exchange(ref generation, new CancellationTokenSource());
        old.Cancel(); // not disposed: a load that began before may still read its token
    }

    public void Dispose() => generation.Dispose();

    /// <summary>Clears <see cref="PublishedContent"/> whenever a save changes what learners see.</summary>
    public sealed class ChangeWatcher(PublishedContent content) : SaveChangesInterceptor
    {
        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            Watch(eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Watch(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            Settle(eventData.Context);
            return result;
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Settle(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override void SaveChangesFailed(DbContextErrorEventData eventData) => Settle(eventData.Context);

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Settle(eventData.Context);
            return Task.CompletedTask;
        }

        // Cleared before the save (so nothing read from here on is older than it) and again after it (so nothing read
        // while it was being written stays); a failed save clears too, which costs one reload and nothing else.
        private readonly HashSet<DbContext> pending = [];

        private void Watch(DbContext? db)
        {
            if (db is not null && db.ChangeTracker.Entries().Any(e => e.State != EntityState.Unchanged && IsContent(e.Entity)))
            {
                lock (pending)
                {
                    pending.Add(db);
                }

                content.Clear();
            }
        }

        private void Settle(DbContext? db)
        {
            bool was;
            lock (pending)
            {
                was = db is not null && pending.Remove(db);
            }

            if (was)
            {
                content.Clear();
            }
        }

        private static bool IsContent(object entity) =>
            entity is Deck or DeckTranslation or Card or CardTranslation or CardChoice or CardChoiceTranslation;
    }
}
