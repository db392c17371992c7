using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AwsHarden.Incident;

/// <summary>Runs one SQL statement in Athena and returns its rows, each as column name → value (null when
/// NULL).</summary>
public interface IAthenaQueryRunner
{
    Task<IReadOnlyList<IReadOnlyDictionary<string, string?>>> RunAsync(string sql, CancellationToken ct);
}

/// <summary>What to investigate over an Athena trail table (see <see cref="AthenaTrailTable"/>).</summary>
public sealed record AthenaRequest
{
    public required LineageSeeds Seeds { get; init; }
    public required string Database { get; init; }
    public required string Table { get; init; }
    public required DateTimeOffset Since { get; init; }
    public required DateTimeOffset Until { get; init; }
    /// <summary>Accounts to read; null reads every projected account.</summary>
    public IReadOnlyList<string>? Accounts { get; init; }
}

/// <summary>
/// The investigation at organization scale, as rounds of SQL: each round asks for every event of the credentials
/// and principals that are new in the lineage (and for sessions of new roles, whoever started them), the
/// lineage is rebuilt from all rows so far, and the next round asks only for what that added. It stops when a
/// round adds nothing. Every query is bounded by the date partitions of the window.
/// </summary>
public sealed class AthenaInvestigator(IAthenaQueryRunner runner)
{
    private readonly List<string> _queries = [];

    /// <summary>The SQL sent, one statement per round.</summary>
    public IReadOnlyList<string> Queries => _queries;

    public async Task<(LineageGraph Lineage, IReadOnlyList<CloudTrailEvent> Events, ReadReport Read)> CollectAsync(
        AthenaRequest request, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var read = new ReadReport();
        var events = new Dictionary<string, CloudTrailEvent>(StringComparer.Ordinal);
        var asked = new Asked();
        for (var round = 1; ; round++)
        {
            var lineage = LineageBuilder.Build(request.Seeds, events.Values);
            var wanted = asked.NewIn(request.Seeds, lineage);
            if (wanted.IsEmpty)
            {
                var mine = events.Values.Where(e => lineage.Attribute(e) is not null)
                    .OrderBy(e => e.EventTime).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
                return (lineage, mine, read);
            }

            var sql = RoundSql(request, wanted);
            _queries.Add(sql);
            progress?.Report($"Athena round {round}: {wanted.Count} new credentials and principals");
            var parser = new CloudTrailParser(new CloudTrailReadOptions(), read);
            foreach (var row in await runner.RunAsync(sql, ct).ConfigureAwait(false))
            {
                if (ToEvent(parser, row, read) is { } e) events.TryAdd(e.EventId ?? Guid.NewGuid().ToString(), e);
            }
        }
    }

    /// <summary>The credentials and principals asked for so far, by kind.</summary>
    private sealed class Asked
    {
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
        private readonly HashSet<string> _users = new(StringComparer.Ordinal);
        private readonly HashSet<string> _roles = new(StringComparer.Ordinal);
        private readonly HashSet<string> _providers = new(StringComparer.Ordinal);

        public Wanted NewIn(LineageSeeds seeds, LineageGraph lineage)
        {
            var keys = new List<string>();
            var users = new List<string>();
            var roles = new List<string>();
            var providers = new List<string>();
            if (seeds.UserName is { } seedUser && _users.Add(seedUser)) users.Add(seedUser);
            foreach (var n in lineage.Nodes)
            {
                switch (n.Kind)
                {
                    case LineageNodeKind.AccessKey or LineageNodeKind.TemporaryCredentials when _keys.Add(n.Id):
                        keys.Add(n.Id);
                        break;
                    case LineageNodeKind.User or LineageNodeKind.ConsolePassword when n.Owner is { } u
                                                                                   && _users.Add(u):
                        users.Add(u);
                        break;
                    case LineageNodeKind.Role when _roles.Add(LineageGraph.RoleName(n.Id)):
                        roles.Add(LineageGraph.RoleName(n.Id));
                        break;
                    case LineageNodeKind.IdentityProvider when _providers.Add(n.Id):
                        providers.Add(n.Id);
                        break;
                }
            }
            return new Wanted(keys, users, roles, providers);
        }
    }

    private sealed record Wanted(List<string> Keys, List<string> Users, List<string> Roles, List<string> Providers)
    {
        public int Count => Keys.Count + Users.Count + Roles.Count + Providers.Count;
        public bool IsEmpty => Count == 0;
    }

    private const string Selected =
        "eventtime, eventname, eventsource, awsregion, sourceipaddress, useragent, errorcode, errormessage, "
        + "eventid, eventtype, readonly, recipientaccountid, sessioncredentialfromconsole, "
        + "useridentity.type AS identity_type, useridentity.arn AS identity_arn, "
        + "useridentity.accountid AS identity_account, useridentity.accesskeyid AS identity_key, "
        + "useridentity.username AS identity_user, useridentity.invokedby AS identity_invoked_by, "
        + "useridentity.identityprovider AS identity_provider, "
        + "useridentity.sessioncontext.sessionissuer.arn AS issuer_arn, "
        + "useridentity.sessioncontext.attributes.creationdate AS session_created, "
        + "requestparameters, responseelements, additionaleventdata";

    /// <summary>One round's statement: the window's date partitions, then any of the new identities.</summary>
    private static string RoundSql(AthenaRequest r, Wanted w)
    {
        var who = new List<string>();
        if (w.Keys.Count > 0) who.Add($"useridentity.accesskeyid IN ({List(w.Keys)})");
        if (w.Users.Count > 0)
        {
            who.Add($"(useridentity.type = 'IAMUser' AND useridentity.username IN ({List(w.Users)}))");
        }
        if (w.Roles.Count > 0)
        {
            var roles = List(w.Roles);
            who.Add($"regexp_extract(useridentity.sessioncontext.sessionissuer.arn, '[^/]+$') IN ({roles})");
            // Sessions of the role started by anyone, including AWS services.
            who.Add("(eventname LIKE 'AssumeRole%' AND "
                + $"regexp_extract(json_extract_scalar(requestparameters, '$.roleArn'), '[^/]+$') IN ({roles}))");
        }

        who.AddRange(ProviderConditions(w.Providers));

        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"SELECT {Selected}\nFROM \"{r.Database}\".\"{r.Table}\"\n");
        sql.Append(CultureInfo.InvariantCulture,
            $"WHERE \"date\" BETWEEN '{Day(r.Since)}' AND '{Day(r.Until.AddDays(1))}'\n");
        if (r.Accounts is { Count: > 0 } accounts) sql.Append($"  AND account IN ({List(accounts)})\n");
        sql.Append(CultureInfo.InvariantCulture,
            $"  AND from_iso8601_timestamp(eventtime) BETWEEN from_iso8601_timestamp('{Iso(r.Since)}') "
            + $"AND from_iso8601_timestamp('{Iso(r.Until)}')\n");
        sql.Append("  AND (").Append(string.Join("\n    OR ", who)).Append(")\nORDER BY eventtime");
        return sql.ToString();
    }

    /// <summary>Sessions started through new identity providers: SAML names the provider ARN in the request,
    /// web identity names the issuer in the identity (as its host and path; the ARN form is asked too).</summary>
    private static IEnumerable<string> ProviderConditions(List<string> providers)
    {
        var saml = providers.Where(p => p.Contains(":saml-provider/", StringComparison.Ordinal)).ToList();
        var oidc = providers.Except(saml).SelectMany(p => new[] { p, LineageGraph.ProviderName(p) }).Distinct()
            .ToList();
        if (saml.Count > 0)
        {
            yield return "(eventname = 'AssumeRoleWithSAML' AND "
                + $"json_extract_scalar(requestparameters, '$.principalArn') IN ({List(saml)}))";
        }
        if (oidc.Count > 0)
        {
            yield return "(eventname = 'AssumeRoleWithWebIdentity' AND "
                + $"useridentity.identityprovider IN ({List(oidc)}))";
        }
    }

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A list of SQL string literals; a quote inside a value is doubled, so no value can end one.
    /// </summary>
    private static string List(IEnumerable<string> values) =>
        string.Join(", ", values.Select(v => "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'"));

    /// <summary>Rebuilds the record as CloudTrail JSON and reads it like a log record (times, secrets redacted).
    /// </summary>
    private static CloudTrailEvent? ToEvent(CloudTrailParser parser, IReadOnlyDictionary<string, string?> row,
        ReadReport read)
    {
        string? Col(string name) => row.GetValueOrDefault(name);
        var identity = new JsonObject
        {
            ["type"] = Col("identity_type"), ["arn"] = Col("identity_arn"), ["accountId"] = Col("identity_account"),
            ["accessKeyId"] = Col("identity_key"), ["userName"] = Col("identity_user"),
            ["invokedBy"] = Col("identity_invoked_by"), ["identityProvider"] = Col("identity_provider"),
        };
        if (Col("issuer_arn") is { } issuer)
        {
            identity["sessionContext"] = new JsonObject
            {
                ["sessionIssuer"] = new JsonObject { ["type"] = "Role", ["arn"] = issuer },
                ["attributes"] = new JsonObject { ["creationDate"] = Col("session_created") },
            };
        }
        var record = new JsonObject
        {
            ["eventTime"] = Col("eventtime"), ["eventName"] = Col("eventname"), ["eventSource"] = Col("eventsource"),
            ["awsRegion"] = Col("awsregion"), ["sourceIPAddress"] = Col("sourceipaddress"),
            ["userAgent"] = Col("useragent"), ["errorCode"] = Col("errorcode"), ["errorMessage"] = Col("errormessage"),
            ["eventID"] = Col("eventid"), ["eventType"] = Col("eventtype"), ["readOnly"] = Col("readonly"),
            ["recipientAccountId"] = Col("recipientaccountid"),
            ["sessionCredentialFromConsole"] = Col("sessioncredentialfromconsole"), ["userIdentity"] = identity,
            ["requestParameters"] = Json(Col("requestparameters")),
            ["responseElements"] = Json(Col("responseelements")),
            ["additionalEventData"] = Json(Col("additionaleventdata")),
        };
        CloudTrailEvent? parsed = null;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(record.ToJsonString()));
        try
        {
            parser.Parse(stream, "Athena", e => parsed = e with { SourceFile = null });
            read.Events(parser.EventCount);
        }
        catch (BrokenFileException ex)
        {
            read.Broken("Athena row " + Col("eventid"), ex.Message);
        }
        return parsed;
    }

    /// <summary>The JSON text Athena holds for a payload column, as a node; unparsable text stays a string.</summary>
    private static JsonNode? Json(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
