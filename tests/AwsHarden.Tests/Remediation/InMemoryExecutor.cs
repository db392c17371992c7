using System.Text.Json.Nodes;
using AwsHarden.Model;
using AwsHarden.Remediation;

namespace AwsHarden.Tests.Remediation;

/// <summary>A small in-memory account for the apply tests: resources as attribute maps, a handful of
/// operations, and faults on demand (an AWS error or a Ctrl-C after a given call).</summary>
internal sealed class InMemoryExecutor : IStepExecutor
{
    private readonly Dictionary<ResourceKey, Dictionary<string, string>> _state = [];
    private int _created;

    public List<ApiCall> Calls { get; } = [];
    public int? FailAtCall { get; set; }
    public int? CancelAfterCall { get; set; }
    public CancellationTokenSource Cancel { get; } = new();

    /// <summary>The account of <see cref="FixTestData.Snapshot"/>.</summary>
    public static InMemoryExecutor Misconfigured()
    {
        var executor = new InMemoryExecutor();
        executor.Set(new(ResourceTypes.PasswordPolicy, "account"), ("MinimumPasswordLength", "8"),
            ("RequireSymbols", "false"), ("RequireNumbers", "true"), ("RequireUppercaseCharacters", "false"),
            ("RequireLowercaseCharacters", "false"), ("AllowUsersToChangePassword", "true"));
        executor.Set(new(ResourceTypes.Detector, "us-east-1", "us-east-1"), ("DetectorId", "d-1"),
            ("Status", "DISABLED"));
        executor.Set(new(ResourceTypes.AccessKey, "alice|1"), ("AccessKeyId", "AKIAEXAMPLEKEY000001"),
            ("Status", "Active"), ("CreateDate", FixTestData.Alice.AccessKey1LastRotated!.Value.UtcDateTime
                .ToString("yyyy-MM-ddTHH:mm:ssZ")));
        executor.Set(new(ResourceTypes.AccessKey, "alice|2"), ("AccessKeyId", "AKIAEXAMPLEKEY000002"),
            ("Status", "Active"));
        executor.Set(new(ResourceTypes.AlternateContact, "SECURITY"), ("Name", "Sec"),
            ("EmailAddress", "sec@example.com"));
        return executor;
    }

    public void Set(ResourceKey key, params (string Name, string Value)[] attributes) =>
        _state[key] = attributes.ToDictionary(a => a.Name, a => a.Value);

    /// <summary>The whole account as sorted text, to compare before and after.</summary>
    public string Dump() => string.Join("\n", _state.OrderBy(s => s.Key.ToString(), StringComparer.Ordinal)
        .Select(s => $"{s.Key}: " + string.Join(", ", s.Value.OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => $"{a.Key}={a.Value}"))));

    public Task<ResourceState> ReadStateAsync(ResourceKey key, CancellationToken cancellationToken) =>
        Task.FromResult(_state.TryGetValue(key, out var attributes)
            ? new ResourceState { Key = key, Exists = true, Attributes = new Dictionary<string, string>(attributes) }
            : new ResourceState { Key = key, Exists = false });

    public Task ExecuteAsync(ApiCall call, CancellationToken cancellationToken)
    {
        if (Calls.Count + 1 == FailAtCall)
        {
            FailAtCall = null;
            throw new StepFailedException($"Throttling on {call.IamAction}");
        }

        Assert.DoesNotContain(call.Parameters.Values, Placeholders.HasAny);
        Apply(call, call.Parameters);
        Calls.Add(call);
        if (Calls.Count == CancelAfterCall)
            Cancel.Cancel();
        return Task.CompletedTask;
    }

    private void Apply(ApiCall call, IReadOnlyDictionary<string, string> p)
    {
        var region = call.Region;
        switch (call.IamAction)
        {
            case "iam:UpdateAccountPasswordPolicy":
                _state[new(ResourceTypes.PasswordPolicy, "account")] = new(p);
                break;
            case "iam:DeleteAccountPasswordPolicy":
                Remove(new(ResourceTypes.PasswordPolicy, "account"));
                break;
            case "guardduty:CreateDetector":
                Create(new(ResourceTypes.Detector, region!, region), ("DetectorId", $"d-new{++_created}"),
                    ("Status", "ENABLED"));
                break;
            case "guardduty:UpdateDetector":
                _state[new(ResourceTypes.Detector, region!, region)]["Status"] =
                    p["Enable"] == "true" ? "ENABLED" : "DISABLED";
                break;
            case "guardduty:DeleteDetector":
                Assert.Equal(p["DetectorId"], _state[new(ResourceTypes.Detector, region!, region)]["DetectorId"]);
                Remove(new(ResourceTypes.Detector, region!, region));
                break;
            case "access-analyzer:CreateAnalyzer":
                Create(new(ResourceTypes.Analyzer, p["analyzerName"], region), ("Type", p["type"]),
                    ("Status", "ACTIVE"));
                break;
            case "access-analyzer:DeleteAnalyzer":
                Remove(new(ResourceTypes.Analyzer, p["analyzerName"], region));
                break;
            case "iam:UpdateAccessKey":
                var key = _state.Single(s => s.Key.Type == ResourceTypes.AccessKey
                    && s.Value["AccessKeyId"] == p["AccessKeyId"]);
                key.Value["Status"] = p["Status"];
                break;
            case "account:PutAlternateContact":
                _state[new(ResourceTypes.AlternateContact, p["AlternateContactType"])] = new(p.Where(x =>
                    x.Key != "AlternateContactType"));
                break;
            case "account:DeleteAlternateContact":
                Remove(new(ResourceTypes.AlternateContact, p["AlternateContactType"]));
                break;
            default:
                ApplyCost(call, p);
                break;
        }
    }

    private void ApplyCost(ApiCall call, IReadOnlyDictionary<string, string> p)
    {
        switch (call.IamAction)
        {
            case "ce:CreateAnomalyMonitor":
                var monitor = JsonNode.Parse(p["AnomalyMonitor"])!;
                Create(new(ResourceTypes.AnomalyMonitor, monitor["MonitorName"]!.GetValue<string>(), "us-east-1"),
                    ("MonitorArn", $"arn:aws:ce::{FixTestData.Account}:anomalymonitor/m-{++_created}"),
                    ("MonitorType", monitor["MonitorType"]!.GetValue<string>()),
                    ("MonitorDimension", monitor["MonitorDimension"]!.GetValue<string>()));
                break;
            case "ce:CreateAnomalySubscription":
                var sub = JsonNode.Parse(p["AnomalySubscription"])!;
                var monitorArn = sub["MonitorArnList"]![0]!.GetValue<string>();
                Assert.Contains(_state.Values, v => v.GetValueOrDefault("MonitorArn") == monitorArn);
                var subscriber = sub["Subscribers"]![0]!;
                Create(new(ResourceTypes.AnomalySubscription, sub["SubscriptionName"]!.GetValue<string>(),
                        "us-east-1"),
                    ("SubscriptionArn", $"arn:aws:ce::{FixTestData.Account}:anomalysubscription/s-{++_created}"),
                    ("Subscriber", $"{subscriber["Type"]}:{subscriber["Address"]}"));
                break;
            case "ce:DeleteAnomalyMonitor":
                Remove(_state.Single(s => s.Value.GetValueOrDefault("MonitorArn") == p["MonitorArn"]).Key);
                break;
            case "ce:DeleteAnomalySubscription":
                Remove(_state.Single(s => s.Value.GetValueOrDefault("SubscriptionArn") == p["SubscriptionArn"]).Key);
                break;
            default:
                throw new NotSupportedException($"the in-memory account has no {call.IamAction}");
        }
    }

    private void Create(ResourceKey key, params (string Name, string Value)[] attributes)
    {
        if (_state.ContainsKey(key))
            throw new StepFailedException($"{key} already exists");
        Set(key, attributes);
    }

    private void Remove(ResourceKey key)
    {
        if (!_state.Remove(key))
            throw new StepFailedException($"{key} does not exist");
    }
}
