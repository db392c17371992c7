using System.Text.Json.Nodes;

namespace AwsHarden.Incident;

/// <summary>
/// Role sessions that AWS services start (<c>AssumeRole</c> by an <c>AWSService</c> identity: Lambda, EC2,
/// ECS…), kept as compact (role, key id, time) entries. A busy account has hundreds of thousands of them and
/// they only matter for roles that join the lineage, so they are made into events only for those roles.
/// </summary>
internal sealed class ServiceSessions
{
    private readonly record struct Entry(string KeyId, long UtcTicks, Guid Id, string? OtherId, string? Region,
        string? InvokedBy);

    private readonly Dictionary<string, (string RoleArn, List<Entry> Entries)> _byRole =
        new(StringComparer.Ordinal);

    /// <summary>Sessions held, over all roles.</summary>
    public int Count { get; private set; }

    /// <summary>Keeps <paramref name="e"/> compactly if it is a successful service-issued role session.</summary>
    /// <param name="intern">Shares the strings that repeat (role ARNs, regions, service names).</param>
    public bool TryAdd(CloudTrailEvent e, Func<string?, string?> intern)
    {
        if (e.EventName != "AssumeRole" || e.UserIdentity?.Type != "AWSService" || e.Failed) return false;
        if (e.RequestString("roleArn") is not { } roleArn) return false;
        if (e.ResponseString("credentials", "accessKeyId") is not { } key) return false;

        var role = LineageGraph.RoleName(roleArn);
        if (!_byRole.TryGetValue(role, out var held)) _byRole[role] = held = (intern(roleArn)!, []);
        var id = Guid.TryParse(e.EventId, out var guid) ? guid : Guid.Empty;
        held.Entries.Add(new Entry(key, e.EventTime.UtcTicks, id, id == Guid.Empty ? e.EventId : null,
            intern(e.AwsRegion), intern(e.UserIdentity.InvokedBy)));
        Count++;
        return true;
    }

    /// <summary>The sessions of one role as AssumeRole events, and forgets them (each is handed out once).
    /// </summary>
    public IReadOnlyList<CloudTrailEvent> Take(string roleName)
    {
        if (!_byRole.Remove(roleName, out var held)) return [];

        var request = new JsonObject { ["roleArn"] = held.RoleArn }.ToJsonString();
        return [.. held.Entries.Select(s => new CloudTrailEvent
        {
            EventTime = new DateTimeOffset(s.UtcTicks, TimeSpan.Zero), EventName = "AssumeRole",
            EventSource = "sts.amazonaws.com", AwsRegion = s.Region, EventId = s.OtherId ?? s.Id.ToString(),
            EventType = "AwsApiCall", SourceIpAddress = s.InvokedBy,
            UserIdentity = new UserIdentity { Type = "AWSService", InvokedBy = s.InvokedBy },
            RequestParameters = request,
            ResponseElements = new JsonObject
            {
                ["credentials"] = new JsonObject { ["accessKeyId"] = s.KeyId },
            }.ToJsonString(),
        })];
    }
}
