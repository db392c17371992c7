using System.Text.Json.Nodes;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>
/// Runs fix steps against AWS: each <see cref="ApiCall"/> goes out through the session (signed, retried and
/// counted) in its service's wire protocol, and each resource type is read back in the attribute format
/// <see cref="ResourceTypes"/> lists. AWS errors become <see cref="StepFailedException"/> naming the IAM action.
/// </summary>
public sealed partial class AwsStepExecutor(AwsSession session) : IStepExecutor
{
    // Answers that mean a repeated call found its work already done, per operation.
    private static readonly Dictionary<string, string[]> DoneAlready = new(StringComparer.Ordinal)
    {
        ["s3:CreateBucket"] = ["BucketAlreadyOwnedByYou"],
        ["s3:DeleteBucket"] = ["NoSuchBucket"],
        ["cloudtrail:CreateTrail"] = ["TrailAlreadyExistsException"],
        ["cloudtrail:DeleteTrail"] = ["TrailNotFoundException"],
        ["access-analyzer:CreateAnalyzer"] = ["ConflictException"],
        ["access-analyzer:DeleteAnalyzer"] = ["ResourceNotFoundException"],
        ["organizations:CreateOrganization"] = ["AlreadyInOrganizationException"],
        ["organizations:DeleteOrganization"] = ["AWSOrganizationsNotInUseException"],
        ["organizations:EnablePolicyType"] = ["PolicyTypeAlreadyEnabledException"],
        ["organizations:DisablePolicyType"] = ["PolicyTypeNotEnabledException"],
        ["organizations:CreatePolicy"] = ["DuplicatePolicyException"],
        ["organizations:DeletePolicy"] = ["PolicyNotFoundException"],
        ["organizations:AttachPolicy"] = ["DuplicatePolicyAttachmentException"],
        ["organizations:DetachPolicy"] = ["PolicyNotAttachedException"],
        ["iam:CreatePolicy"] = ["EntityAlreadyExists"],
        ["iam:DeleteAccountPasswordPolicy"] = ["NoSuchEntity"],
        ["iam:DeleteUserPolicy"] = ["NoSuchEntity"],
        ["iam:DeleteRolePolicy"] = ["NoSuchEntity"],
        ["sns:DeleteTopic"] = ["NotFound"],
        ["account:DeleteAlternateContact"] = ["ResourceNotFoundException"],
    };

    // Members that carry a JSON document as a string, not as structure.
    private static readonly HashSet<string> DocumentMembers = new(StringComparer.Ordinal)
    {
        "Content", "Policy", "PolicyDocument",
    };

    // REST-JSON operations: method, path (members in braces go in the path) and whether the body's member
    // names are lower camel case in the model.
    private static readonly Dictionary<string, (string Method, string Path, bool Camel)> Routes =
        new(StringComparer.Ordinal)
        {
            ["guardduty:CreateDetector"] = ("POST", "/detector", true),
            ["guardduty:UpdateDetector"] = ("POST", "/detector/{DetectorId}", true),
            ["guardduty:DeleteDetector"] = ("DELETE", "/detector/{DetectorId}", true),
            ["access-analyzer:CreateAnalyzer"] = ("PUT", "/analyzer", true),
            ["access-analyzer:DeleteAnalyzer"] = ("DELETE", "/analyzer/{analyzerName}", true),
            ["account:PutAlternateContact"] = ("POST", "/putAlternateContact", false),
            ["account:DeleteAlternateContact"] = ("POST", "/deleteAlternateContact", false),
            ["lambda:DeleteFunction"] = ("DELETE", "/2015-03-31/functions/{FunctionName}", false),
            ["lambda:RemovePermission"] = ("DELETE", "/2015-03-31/functions/{FunctionName}/policy/{StatementId}",
                false),
        };

    private string? accountId;

    /// <summary>Receives the secret of a key that iam:CreateAccessKey made, the one time AWS shows it. Without
    /// it the executor refuses to create keys, so a secret is never lost or written anywhere else.</summary>
    public Func<NewAccessKey, CancellationToken, Task>? HandOverAccessKey { get; init; }

    public async Task ExecuteAsync(ApiCall call, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when ((DoneAlready.GetValueOrDefault(Key(call))
            ?? ComputeDoneAlready.GetValueOrDefault(Key(call)))?.Contains(ex.Code) == true)
        {
            // Repeated after a crash: the resource is already as the call would leave it.
        }
        catch (AwsServiceException ex)
        {
            throw Failed(call, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new StepFailedException($"{call.IamAction} could not reach AWS: {ex.Message}", ex);
        }
    }

    /// <summary>The step failure for an AWS error; AccessDenied says which action to grant.</summary>
    public static StepFailedException Failed(ApiCall call, AwsServiceException ex) => ex.IsAccessDenied
        ? new StepFailedException($"{ex.Code} on {call.IamAction}: grant {call.IamAction} to the caller "
            + "(see 'awsharden iam-policy fix'), then run apply again.", ex)
        : new StepFailedException($"{ex.Code} on {call.IamAction}: {ex.AwsMessage}", ex);

    private Task SendAsync(ApiCall call, CancellationToken ct)
    {
        var region = call.Region ?? session.HomeRegion;
        return call.Service switch
        {
            "iam" when call.Operation == "CreateAccessKey" => CreateAccessKeyAsync(region, call, ct),
            "iam" => Query(AwsService.Iam, IamClient.ApiVersion, region, call, ct),
            "sns" => Query(SnsClient.Service, SnsClient.ApiVersion, region, call, ct),
            "monitoring" => Query(AwsService.CloudWatch, CloudWatchClient.ApiVersion, region, call, ct),
            "cloudtrail" => Json(AwsService.CloudTrail, "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101",
                region, call, ct),
            "ce" => Json(AwsService.CostExplorer, "AWSInsightsIndexService", region, call, ct),
            "organizations" => Json(AwsService.Organizations, "AWSOrganizationsV20161128", region, call, ct),
            "guardduty" => RestJson(AwsService.GuardDuty, region, call, ct),
            "access-analyzer" => RestJson(AwsService.AccessAnalyzer, region, call, ct),
            "account" => RestJson(AwsService.Account, region, call, ct),
            _ when SendComputeAsync(region, call, ct) is { } compute => compute,
            "s3" => new S3BucketClient(session).CallAsync(region, call.Operation, call.Parameters, call.IamAction,
                ct),
            _ => throw new StepFailedException($"{call.IamAction}: the executor does not know service "
                + $"'{call.Service}'"),
        };
    }

    private async Task CreateAccessKeyAsync(string region, ApiCall call, CancellationToken ct)
    {
        var handOver = HandOverAccessKey ?? throw new StepFailedException(
            "iam:CreateAccessKey: nowhere to hand the new secret over, so no key was created");
        var result = await AwsQueryProtocol.CallAsync(session.Sender, AwsService.Iam, IamClient.ApiVersion, region,
            call.Operation, QueryParameters(call.Parameters), ct).ConfigureAwait(false);
        var key = result.Child("AccessKey") ?? result;
        await handOver(new NewAccessKey(key.ChildValue("UserName") ?? "", key.ChildValue("AccessKeyId") ?? "",
            key.ChildValue("SecretAccessKey") ?? ""), ct).ConfigureAwait(false);
    }

    private async Task Query(AwsService service, string version, string region, ApiCall call, CancellationToken ct) =>
        await AwsQueryProtocol.CallAsync(session.Sender, service, version, region, call.Operation,
            QueryParameters(call.Parameters), ct).ConfigureAwait(false);

    private async Task Json(AwsService service, string target, string region, ApiCall call, CancellationToken ct) =>
        await AwsJsonProtocol.CallAsync(session.Sender, service, region, target, call.Operation,
            JsonBody(call.Parameters, camel: false), ct).ConfigureAwait(false);

    private async Task RestJson(AwsService service, string region, ApiCall call, CancellationToken ct)
    {
        var (method, template, camel) = Routes.GetValueOrDefault(Key(call));
        if (method is null)
            throw new StepFailedException($"{call.IamAction}: no REST route is known for it");

        var path = template;
        var bodyParameters = new Dictionary<string, string>(call.Parameters, StringComparer.Ordinal);
        foreach (var (name, value) in call.Parameters)
        {
            if (!path.Contains($"{{{name}}}", StringComparison.Ordinal))
                continue;
            path = path.Replace($"{{{name}}}", SigV4Signer.UriEncode(value), StringComparison.Ordinal);
            bodyParameters.Remove(name);
        }

        var body = method is "POST" or "PUT" ? JsonBody(bodyParameters, camel) : null;
        await AwsRestJsonProtocol.CallAsync(session.Sender, service, region, call.Operation, new HttpMethod(method),
            path, null, body, ct).ConfigureAwait(false);
    }

    /// <summary>Query parameters: a JSON array value becomes a <c>.member.N</c> list (of structures when its
    /// items are objects).</summary>
    internal static List<KeyValuePair<string, string>> QueryParameters(IReadOnlyDictionary<string, string> input)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in input)
        {
            if (!value.StartsWith('[') || JsonNode.Parse(value) is not JsonArray items)
            {
                result.Add(KeyValuePair.Create(name, value));
                continue;
            }

            for (var i = 0; i < items.Count; i++)
            {
                var prefix = $"{name}.member.{i + 1}";
                if (items[i] is JsonObject item)
                    result.AddRange(item.Select(p => KeyValuePair.Create($"{prefix}.{p.Key}", Text(p.Value))));
                else
                    result.Add(KeyValuePair.Create(prefix, Text(items[i])));
            }
        }

        return result;
    }

    /// <summary>A JSON body: true/false become booleans, JSON arrays and objects structures, the rest strings.
    /// </summary>
    internal static JsonObject JsonBody(IReadOnlyDictionary<string, string> input, bool camel)
    {
        var body = new JsonObject();
        foreach (var (name, value) in input)
        {
            var member = camel ? char.ToLowerInvariant(name[0]) + name[1..] : name;
            body[member] = DocumentMembers.Contains(name) ? JsonValue.Create(value) : value switch
            {
                "true" => JsonValue.Create(true),
                "false" => JsonValue.Create(false),
                _ when value.StartsWith('[') || value.StartsWith('{') => JsonNode.Parse(value),
                _ => JsonValue.Create(value),
            };
        }

        return body;
    }

    private static string Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    private static string Key(ApiCall call) => $"{call.Service}:{call.Operation}";
}

/// <summary>A key just created, with the secret AWS shows only once. Its text form never shows the secret.
/// </summary>
public sealed record NewAccessKey(string UserName, string AccessKeyId, string SecretAccessKey)
{
    public override string ToString() => $"NewAccessKey {{ UserName = {UserName}, AccessKeyId = {AccessKeyId} }}";
}
