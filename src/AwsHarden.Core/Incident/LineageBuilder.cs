namespace AwsHarden.Incident;

/// <summary>Where an investigation starts: leaked access keys, and optionally a user or role to follow.</summary>
public sealed record LineageSeeds
{
    public IReadOnlyList<string> AccessKeyIds { get; init; } = [];
    public string? UserName { get; init; }
    public string? RoleArn { get; init; }
}

/// <summary>
/// Follows every credential and principal derived from the seeds until nothing new appears: new access keys,
/// STS credentials, console passwords, users, roles, identity providers, and what then acts as them.
/// </summary>
public static class LineageBuilder
{
    private static readonly HashSet<string> StsIssuers =
    [
        "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetSessionToken", "GetFederationToken",
    ];

    private static readonly HashSet<string> Pivotal = new(StsIssuers.Concat(
    [
        "CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile", "ConsoleLogin", "CreateUser",
        "CreateRole", "UpdateAssumeRolePolicy", "CreateSAMLProvider", "CreateOpenIDConnectProvider",
    ]), StringComparer.Ordinal);

    /// <summary>The names of events that can derive credentials or principals.</summary>
    public static IReadOnlySet<string> PivotalEventNames => Pivotal;

    /// <summary>Whether events of this name can derive credentials or principals (and so must be kept).</summary>
    public static bool IsPivotal(string eventName) => Pivotal.Contains(eventName);

    /// <summary>
    /// Builds the lineage from the pivotal events (any order; they are sorted by time here). Repeats over the
    /// set until no node is added, so a principal found late still picks up what acted as it.
    /// </summary>
    public static LineageGraph Build(LineageSeeds seeds, IEnumerable<CloudTrailEvent> events)
    {
        var graph = new LineageGraph();
        AddSeeds(graph, seeds);

        var ordered = events.Where(e => IsPivotal(e.EventName)).DistinctBy(EventKey.Of)
            .OrderBy(e => e.EventTime).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
        bool changed;
        do
        {
            changed = false;
            foreach (var e in ordered) changed |= Apply(graph, e);
        }
        while (changed);
        return graph;
    }

    private static void AddSeeds(LineageGraph graph, LineageSeeds seeds)
    {
        foreach (var key in seeds.AccessKeyIds)
        {
            graph.Add(new LineageNode { Id = key, Kind = KindOfKey(key), IsSeed = true });
        }
        if (seeds.UserName is { } user)
        {
            graph.Add(new LineageNode
            {
                Id = "user/" + user, Kind = LineageNodeKind.User, Owner = user, IsSeed = true,
            });
        }
        if (seeds.RoleArn is { } role)
        {
            graph.Add(new LineageNode { Id = role, Kind = LineageNodeKind.Role, Owner = role, IsSeed = true });
        }
    }

    /// <summary>ASIA… keys are temporary; every other prefix (AKIA…) is a long-term key.</summary>
    public static LineageNodeKind KindOfKey(string keyId) =>
        keyId.StartsWith("ASIA", StringComparison.Ordinal)
            ? LineageNodeKind.TemporaryCredentials : LineageNodeKind.AccessKey;

    /// <summary>Applies one event. True when it added a node.</summary>
    private static bool Apply(LineageGraph graph, CloudTrailEvent e)
    {
        var actor = graph.Attribute(e);
        var added = actor is not null && e.UserIdentity?.AccessKeyId is { } key && AddActingKey(graph, actor, e, key);
        if (e.Failed) return added;

        var parent = actor ?? IssuerFromLineage(graph, e);
        if (parent is null)
        {
            NoteSeedIssuer(graph, e);
            return added;
        }
        return Derive(graph, parent, e) | added;
    }

    /// <summary>
    /// The STS call, made outside the lineage, that issued a leaked starting-point ASIA key: recorded on the seed
    /// so the report shows who it acts as and which role or user issued it (the containment denies there). It
    /// derives nothing: the issuer is where the key came from, not what the attacker made.
    /// </summary>
    private static void NoteSeedIssuer(LineageGraph graph, CloudTrailEvent e)
    {
        if (!StsIssuers.Contains(e.EventName) || e.ResponseString("credentials", "accessKeyId") is not { } key) return;
        if (graph.Find(key) is not { IsSeed: true, Kind: LineageNodeKind.TemporaryCredentials, DerivedBy: null } seed)
            return;

        graph.Replace(seed with
        {
            DerivedBy = e, Owner = seed.Owner ?? TemporaryOwner(e), IssuedByRoot = e.UserIdentity?.Type == "Root",
        });
    }

    private static string? TemporaryOwner(CloudTrailEvent e) => e.EventName switch
    {
        "GetFederationToken" => e.ResponseString("federatedUser", "arn"),
        "GetSessionToken" => e.UserIdentity?.Arn,
        _ => e.ResponseString("assumedRoleUser", "arn") ?? e.RequestString("roleArn"),
    };

    /// <summary>
    /// A key seen acting as a lineage principal (not from a console session) becomes that principal's child,
    /// so its own use is counted and what it derives is followed.
    /// </summary>
    private static bool AddActingKey(LineageGraph graph, LineageNode actor, CloudTrailEvent e, string key)
    {
        if (actor.Id == key || actor.Kind == LineageNodeKind.ConsolePassword) return false;
        return graph.Add(new LineageNode
        {
            Id = key, Kind = KindOfKey(key), ParentId = actor.Id, Owner = actor.Owner, Since = e.EventTime,
        });
    }

    /// <summary>STS calls made by outsiders on a lineage role or through a lineage identity provider.</summary>
    private static LineageNode? IssuerFromLineage(LineageGraph graph, CloudTrailEvent e) => e.EventName switch
    {
        "AssumeRole" or "AssumeRoleWithWebIdentity" when graph.Role(e.RequestString("roleArn"), e.EventTime) is { } r
            => r,
        "AssumeRoleWithSAML" => graph.Provider(e.RequestString("principalArn"), e.EventTime)
            ?? graph.Role(e.RequestString("roleArn"), e.EventTime),
        "AssumeRoleWithWebIdentity" => graph.Provider(e.UserIdentity?.IdentityProvider, e.EventTime),
        _ => null,
    };

    private static bool Derive(LineageGraph graph, LineageNode parent, CloudTrailEvent e)
    {
        if (StsIssuers.Contains(e.EventName)) return DeriveTemporary(graph, parent, e);

        var actorUser = e.UserIdentity?.UserName;
        return e.EventName switch
        {
            "CreateAccessKey" => DeriveAccessKey(graph, parent, e, actorUser),
            "CreateLoginProfile" or "UpdateLoginProfile" =>
                Principal(graph, parent, e, LineageNodeKind.ConsolePassword, e.RequestString("userName") ?? actorUser,
                    "console/"),
            "CreateUser" => Principal(graph, parent, e, LineageNodeKind.User, e.RequestString("userName"), "user/"),
            "CreateRole" => DeriveRole(graph, parent, e, e.ResponseString("role", "arn")),
            "UpdateAssumeRolePolicy" => DeriveRole(graph, parent, e, null),
            "CreateSAMLProvider" => DeriveProvider(graph, parent, e, e.ResponseString("sAMLProviderArn")
                ?? e.ResponseString("SAMLProviderArn")),
            "CreateOpenIDConnectProvider" => DeriveProvider(graph, parent, e,
                e.ResponseString("openIDConnectProviderArn") ?? e.RequestString("url")),
            _ => false,
        };
    }

    private static bool DeriveTemporary(LineageGraph graph, LineageNode parent, CloudTrailEvent e)
    {
        if (e.ResponseString("credentials", "accessKeyId") is not { } key) return false;

        return graph.Add(new LineageNode
        {
            Id = key, Kind = LineageNodeKind.TemporaryCredentials, ParentId = parent.Id, DerivedBy = e,
            Owner = TemporaryOwner(e), Since = e.EventTime, IssuedByRoot = e.UserIdentity?.Type == "Root",
        });
    }

    private static bool DeriveAccessKey(LineageGraph graph, LineageNode parent, CloudTrailEvent e, string? actorUser)
    {
        if (e.ResponseString("accessKey", "accessKeyId") is not { } key) return false;

        var owner = e.ResponseString("accessKey", "userName") ?? e.RequestString("userName") ?? actorUser;
        return graph.Add(new LineageNode
        {
            Id = key, Kind = KindOfKey(key), ParentId = parent.Id, DerivedBy = e, Owner = owner, Since = e.EventTime,
        });
    }

    private static bool Principal(LineageGraph graph, LineageNode parent, CloudTrailEvent e, LineageNodeKind kind,
        string? name, string prefix)
    {
        if (name is null) return false;
        return graph.Add(new LineageNode
        {
            Id = prefix + name, Kind = kind, ParentId = parent.Id, DerivedBy = e, Owner = name, Since = e.EventTime,
        });
    }

    private static bool DeriveRole(LineageGraph graph, LineageNode parent, CloudTrailEvent e, string? arn)
    {
        if (e.RequestString("roleName") is not { } name) return false;
        if (graph.Role(name, DateTimeOffset.MaxValue) is not null) return false;

        arn ??= e.RecipientAccountId is { } account ? $"arn:aws:iam::{account}:role/{name}" : "role/" + name;
        return graph.Add(new LineageNode
        {
            Id = arn, Kind = LineageNodeKind.Role, ParentId = parent.Id, DerivedBy = e, Owner = arn,
            Since = e.EventTime,
        });
    }

    private static bool DeriveProvider(LineageGraph graph, LineageNode parent, CloudTrailEvent e, string? arn)
    {
        if (arn is null) return false;
        return graph.Add(new LineageNode
        {
            Id = arn, Kind = LineageNodeKind.IdentityProvider, ParentId = parent.Id, DerivedBy = e, Owner = arn,
            Since = e.EventTime,
        });
    }
}
