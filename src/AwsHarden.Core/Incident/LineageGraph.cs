namespace AwsHarden.Incident;

/// <summary>What a node of the credential lineage stands for.</summary>
public enum LineageNodeKind
{
    /// <summary>A long-term access key (AKIA…).</summary>
    AccessKey,
    /// <summary>Temporary credentials from STS (ASIA…).</summary>
    TemporaryCredentials,
    /// <summary>A console password set on a user, and the sign-ins made with it.</summary>
    ConsolePassword,
    User,
    Role,
    IdentityProvider,
}

/// <summary>
/// One credential or principal in the lineage. <see cref="ParentId"/> is what it came from and
/// <see cref="DerivedBy"/> the event that made it; seeds have neither.
/// </summary>
public sealed record LineageNode
{
    /// <summary>The access key id, <c>user/NAME</c>, <c>console/NAME</c>, or the role or provider ARN.</summary>
    public required string Id { get; init; }
    public required LineageNodeKind Kind { get; init; }
    public string? ParentId { get; init; }
    public CloudTrailEvent? DerivedBy { get; init; }
    /// <summary>The user name, role ARN or federated user the credential acts as, when known.</summary>
    public string? Owner { get; init; }
    /// <summary>From when events of the principal count: a user that existed before was not the attacker's.</summary>
    public DateTimeOffset Since { get; init; } = DateTimeOffset.MinValue;
    /// <summary>Temporary credentials issued by the root user: only an SCP can restrict them.</summary>
    public bool IssuedByRoot { get; init; }
    /// <summary>True for the starting points given by the user.</summary>
    public bool IsSeed { get; init; }
}

/// <summary>
/// The credentials and principals reachable from the starting credentials, and which of them made an event.
/// Built by <see cref="LineageBuilder"/>; <see cref="Attribute"/> is a pure lookup.
/// </summary>
public sealed class LineageGraph
{
    private readonly List<LineageNode> _nodes = [];
    private readonly Dictionary<string, LineageNode> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LineageNode> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LineageNode> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LineageNode> _consoles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LineageNode> _providers = new(StringComparer.Ordinal);

    /// <summary>Nodes in the order they were found.</summary>
    public IReadOnlyList<LineageNode> Nodes => _nodes;

    public LineageNode? Find(string id) => _byId.GetValueOrDefault(id);

    public IEnumerable<LineageNode> ChildrenOf(string? parentId) => _nodes.Where(n => n.ParentId == parentId);

    /// <summary>Puts <paramref name="node"/> in place of the node with its id, keeping its position.</summary>
    public void Replace(LineageNode node)
    {
        var index = _nodes.FindIndex(n => n.Id == node.Id);
        if (index < 0) throw new InvalidOperationException($"no lineage node {node.Id}");
        _nodes[index] = node;
        _byId[node.Id] = node;
    }

    /// <summary>Adds a node unless one with its id exists. True when it is new.</summary>
    public bool Add(LineageNode node)
    {
        if (!_byId.TryAdd(node.Id, node)) return false;

        _nodes.Add(node);
        var index = node.Kind switch
        {
            LineageNodeKind.User => _users,
            LineageNodeKind.Role => _roles,
            LineageNodeKind.ConsolePassword => _consoles,
            LineageNodeKind.IdentityProvider => _providers,
            _ => null,
        };
        index?.TryAdd(NameOf(node), node);
        return true;
    }

    /// <summary>The node that made <paramref name="e"/>, or null when nothing in the lineage made it.</summary>
    public LineageNode? Attribute(CloudTrailEvent e)
    {
        var who = e.UserIdentity;
        if (who is null) return null;
        if (who.AccessKeyId is { } key && _byId.TryGetValue(key, out var byKey)) return byKey;

        if (who.Type == "IAMUser" && who.UserName is { } user)
        {
            var console = e.EventName == "ConsoleLogin" || e.SessionCredentialFromConsole;
            if (console && Active(_consoles, user, e) is { } password) return password;
            if (Active(_users, user, e) is { } principal) return principal;
        }
        if (who.SessionIssuer?.Arn is { } issuer && Active(_roles, RoleName(issuer), e) is { } role) return role;
        if (who.IdentityProvider is { } idp && Active(_providers, idp, e) is { } provider) return provider;
        return null;
    }

    /// <summary>The role node for a role ARN or name, when the role is in the lineage at that time.</summary>
    public LineageNode? Role(string? roleArnOrName, DateTimeOffset at) =>
        roleArnOrName is not null && _roles.TryGetValue(RoleName(roleArnOrName), out var n) && n.Since <= at
            ? n : null;

    /// <summary>The identity provider node for an ARN or URL, when it is in the lineage at that time.</summary>
    public LineageNode? Provider(string? arnOrUrl, DateTimeOffset at) =>
        arnOrUrl is not null && _providers.TryGetValue(ProviderName(arnOrUrl), out var n) && n.Since <= at ? n : null;

    /// <summary>Identifiers a file must mention for any of its events to belong to the lineage.</summary>
    public IReadOnlySet<string> ActorTokens()
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in _nodes)
        {
            tokens.Add(n.Kind switch
            {
                LineageNodeKind.AccessKey or LineageNodeKind.TemporaryCredentials => n.Id,
                LineageNodeKind.User or LineageNodeKind.ConsolePassword => "u:" + NameOf(n),
                LineageNodeKind.Role => "r:" + NameOf(n),
                _ => "p:" + NameOf(n),
            });
        }
        return tokens;
    }

    /// <summary>The tokens one event contributes to its file's actor index (see <see cref="ActorTokens"/>).</summary>
    public static IEnumerable<string> TokensOf(CloudTrailEvent e)
    {
        var who = e.UserIdentity;
        if (who is null) yield break;
        if (who.AccessKeyId is { } key) yield return key;
        if (who.Type == "IAMUser" && who.UserName is { } user) yield return "u:" + user;
        if (who.SessionIssuer?.Arn is { } issuer) yield return "r:" + RoleName(issuer);
        if (who.IdentityProvider is { } idp) yield return "p:" + ProviderName(idp);
    }

    private static LineageNode? Active(Dictionary<string, LineageNode> index, string name, CloudTrailEvent e) =>
        index.TryGetValue(name, out var n) && n.Since <= e.EventTime ? n : null;

    private static string NameOf(LineageNode n) => n.Kind switch
    {
        LineageNodeKind.Role => RoleName(n.Id),
        LineageNodeKind.IdentityProvider => ProviderName(n.Id),
        _ => n.Id[(n.Id.IndexOf('/') + 1)..],
    };

    /// <summary>A role's name from its ARN (paths dropped: names are unique within an account).</summary>
    public static string RoleName(string arnOrName) => arnOrName[(arnOrName.LastIndexOf('/') + 1)..];

    /// <summary>
    /// The part of a provider ARN or URL that both forms share: the OIDC issuer host/path or the SAML name.
    /// </summary>
    public static string ProviderName(string arnOrUrl)
    {
        var s = arnOrUrl;
        foreach (var marker in (string[])["oidc-provider/", "saml-provider/", "://"])
        {
            var i = s.IndexOf(marker, StringComparison.Ordinal);
            if (i >= 0) s = s[(i + marker.Length)..];
        }
        return s.TrimEnd('/');
    }
}
