namespace AwsHarden.Incident;

/// <summary>Sorts events into the report's groups and names what they touched.</summary>
public static class EventClassifier
{
    private static readonly HashSet<string> SecretReads =
    [
        "GetSecretValue", "BatchGetSecretValue", "GetParameter", "GetParameters", "GetParametersByPath",
        "GetPasswordData", "GetObject",
    ];

    private static readonly string[] ReadPrefixes = ["Get", "List", "Describe", "Head", "Lookup", "Search"];

    private static readonly string[] TargetParameters =
    [
        "userName", "roleName", "roleArn", "policyArn", "groupName", "bucketName", "secretId", "name", "trailName",
        "functionName", "groupId", "instanceId", "imageId", "snapshotId", "detectorId", "key", "keyName", "volumeId",
        "autoScalingGroupName", "spotFleetRequestId", "dBInstanceIdentifier", "topicArn", "clusterName",
    ];

    public static ActionCategory Categorize(CloudTrailEvent e)
    {
        if (e.EventName == "ConsoleLogin") return e.Failed ? ActionCategory.Failed : ActionCategory.ConsoleSignIn;
        if (e.Failed) return ActionCategory.Failed;
        if (SecretReads.Contains(e.EventName)) return ActionCategory.SecretRead;
        return IsWrite(e) ? ActionCategory.Write : ActionCategory.Read;
    }

    /// <summary>CloudTrail's readOnly flag when present, otherwise judged from the operation's verb.</summary>
    public static bool IsWrite(CloudTrailEvent e) =>
        e.ReadOnly is { } readOnly
            ? !readOnly : !ReadPrefixes.Any(p => e.EventName.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The most telling resource the request named, for one-line summaries.</summary>
    public static string? Target(CloudTrailEvent e)
    {
        if (e.EventName == "RunInstances")
        {
            var ids = JsonPath.All(e.ResponseElements, "instancesSet", "items", "instanceId");
            if (ids.Count > 0) return string.Join(",", ids);
        }
        if (e.EventName is "ImportKeyPair" or "CreateKeyPair" && e.RequestString("keyName") is { } keyName)
        {
            return e.ResponseString("keyPairId") is { } pairId ? $"{keyName} ({pairId})" : keyName;
        }
        foreach (var name in TargetParameters)
        {
            if (e.RequestString(name) is { } value) return value;
        }
        return null;
    }

    /// <summary>The secrets a successful read exposed (several for batch reads).</summary>
    public static IEnumerable<SecretRead> SecretsOf(CloudTrailEvent e)
    {
        if (e.Failed || !SecretReads.Contains(e.EventName)) return [];

        var (kind, names) = e.EventName switch
        {
            "GetSecretValue" =>
                ("Secrets Manager secret", (IReadOnlyList<string>)[.. One(e.RequestString("secretId"))]),
            "BatchGetSecretValue" => ("Secrets Manager secret", BatchNames(e)),
            "GetParameter" => ("SSM parameter", [.. One(e.RequestString("name"))]),
            "GetParameters" => ("SSM parameter", JsonPath.All(e.RequestParameters, "names")),
            "GetParametersByPath" => ("SSM parameter path", [.. One(e.RequestString("path"))]),
            "GetPasswordData" => ("EC2 Windows password", [.. One(e.RequestString("instanceId"))]),
            _ => (SecretGroups.S3Object, [.. One(S3Object(e))]),
        };
        return names.Select(n => new SecretRead(kind, n, e.AwsRegion, e.EventTime, e.EventId));
    }

    private static IReadOnlyList<string> BatchNames(CloudTrailEvent e)
    {
        var names = JsonPath.All(e.RequestParameters, "secretIdList");
        if (names.Count > 0) return names;

        var filter = JsonPath.All(e.RequestParameters, "filters", "values");
        return filter.Count > 0 ? [$"(every secret matching filter {string.Join(",", filter)})"] : [];
    }

    private static string? S3Object(CloudTrailEvent e) =>
        e.RequestString("bucketName") is { } bucket ? $"s3://{bucket}/{e.RequestString("key")}" : null;

    private static IEnumerable<string> One(string? value) => value is null ? [] : [value];
}
