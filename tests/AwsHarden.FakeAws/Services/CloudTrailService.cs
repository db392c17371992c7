using System.Net;
using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;
using static AwsHarden.FakeAws.Protocol.WireFormat;

namespace AwsHarden.FakeAws.Services;

// TODO(fake): organization trails seen from member accounts, and data-event selectors, are not modelled.
/// <summary>
/// CloudTrail (JSON 1.1). A multi-region trail is visible from every region as a shadow trail; by name only
/// from its home region, by ARN from anywhere; writes must happen in the home region.
/// </summary>
internal sealed class CloudTrailService : FakeService
{
    public CloudTrailService()
    {
        On("DescribeTrails", DescribeTrails);
        On("GetTrailStatus", GetTrailStatus);
        On("GetEventSelectors", GetEventSelectors);
        On("PutEventSelectors", PutEventSelectors);
        On("GetInsightSelectors", GetInsightSelectors);
        On("PutInsightSelectors", PutInsightSelectors);
        On("LookupEvents", LookupEvents.Handle);
        On("StartLogging", r => SetLogging(r, true));
        On("StopLogging", r => SetLogging(r, false));
        On("CreateTrail", CreateTrail);
        On("UpdateTrail", UpdateTrail);
        On("DeleteTrail", DeleteTrail);
    }

    public override string SigningName => "cloudtrail";

    private static FakeResult DescribeTrails(FakeRequest r)
    {
        var includeShadow = r.Body["includeShadowTrails"]?.GetValue<bool>() ?? true;
        var names = r.Body["trailNameList"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        var trails = r.Account.Trails.Where(t => names.Count == 0
            ? t.HomeRegion == r.Region || (includeShadow && t.IsMultiRegion)
            : names.Exists(n => n == t.Arn(r.Account) || (n == t.Name && t.HomeRegion == r.Region)));
        return new JsonResult(new JsonObject
        {
            ["trailList"] = new JsonArray([.. trails.Select(t => (JsonNode)Describe(r.Account, t))]),
        });
    }

    private static JsonObject Describe(FakeAccount account, FakeTrail t)
    {
        var trail = new JsonObject
        {
            ["Name"] = t.Name,
            ["S3BucketName"] = t.S3BucketName,
            ["IncludeGlobalServiceEvents"] = t.IncludeGlobalServiceEvents,
            ["IsMultiRegionTrail"] = t.IsMultiRegion,
            ["HomeRegion"] = t.HomeRegion,
            ["TrailARN"] = t.Arn(account),
            ["LogFileValidationEnabled"] = t.LogFileValidationEnabled,
            ["HasCustomEventSelectors"] = t.HasCustomEventSelectors,
            ["HasInsightSelectors"] = t.InsightTypes.Count > 0,
            ["IsOrganizationTrail"] = t.IsOrganizationTrail,
        };
        if (t.S3KeyPrefix is not null)
        {
            trail["S3KeyPrefix"] = t.S3KeyPrefix;
        }

        if (t.KmsKeyId is not null)
        {
            trail["KmsKeyId"] = t.KmsKeyId;
        }

        return trail;
    }

    private static FakeResult GetTrailStatus(FakeRequest r)
    {
        var trail = Find(r, r.RequireJson("Name"));
        var status = new JsonObject { ["IsLogging"] = trail.IsLogging };
        if (trail.StartLoggingTime is { } started)
        {
            status["StartLoggingTime"] = Epoch(started);
            status["LatestDeliveryTime"] = Epoch(r.Time.GetUtcNow().AddMinutes(-5));
        }

        return new JsonResult(status);
    }

    private static FakeResult GetEventSelectors(FakeRequest r)
    {
        var trail = Find(r, r.RequireJson("TrailName"));
        return new JsonResult(Selectors(r.Account, trail));
    }

    private static JsonObject Selectors(FakeAccount account, FakeTrail trail)
    {
        var body = new JsonObject { ["TrailARN"] = trail.Arn(account) };
        if (trail.AdvancedEventSelectors is { } advanced)
        {
            body["AdvancedEventSelectors"] = advanced.DeepClone();
        }
        else
        {
            body["EventSelectors"] = new JsonArray([.. trail.EventSelectors.Select(s => (JsonNode)new JsonObject
            {
                ["ReadWriteType"] = s.ReadWriteType,
                ["IncludeManagementEvents"] = s.IncludeManagementEvents,
                ["DataResources"] = new JsonArray(),
                ["ExcludeManagementEventSources"] = new JsonArray(),
            })]);
        }

        return body;
    }

    private static FakeResult PutEventSelectors(FakeRequest r)
    {
        var trail = FindForWrite(r, r.RequireJson("TrailName"));
        var basic = r.Body["EventSelectors"]?.AsArray();
        var advanced = r.Body["AdvancedEventSelectors"]?.AsArray();
        if ((basic is null) == (advanced is null))
        {
            throw new AwsErrorException("InvalidEventSelectorsException",
                "Specify either event selectors or advanced event selectors, but not both.");
        }

        trail.AdvancedEventSelectors = advanced?.DeepClone().AsArray();
        trail.EventSelectors = basic is null ? [] : [.. basic.Select(s => new FakeEventSelector(
            s?["ReadWriteType"]?.GetValue<string>() ?? "All",
            s?["IncludeManagementEvents"]?.GetValue<bool>() ?? true))];
        trail.HasCustomEventSelectors = true;
        return new JsonResult(Selectors(r.Account, trail));
    }

    private static FakeResult GetInsightSelectors(FakeRequest r)
    {
        var trail = Find(r, r.RequireJson("TrailName"));
        if (trail.InsightTypes.Count == 0)
        {
            throw new AwsErrorException("InsightNotEnabledException",
                $"Trail {trail.Arn(r.Account)} does not have Insights enabled.");
        }

        return new JsonResult(Insights(r.Account, trail));
    }

    private static FakeResult PutInsightSelectors(FakeRequest r)
    {
        var trail = FindForWrite(r, r.RequireJson("TrailName"));
        var selectors = r.Body["InsightSelectors"]?.AsArray() ?? throw new AwsErrorException(
            "InvalidInsightSelectorsException", "InsightSelectors must not be null.");
        trail.InsightTypes = [.. selectors.Select(s => s?["InsightType"]?.GetValue<string>() ?? string.Empty)];
        return new JsonResult(Insights(r.Account, trail));
    }

    private static JsonObject Insights(FakeAccount account, FakeTrail trail) => new()
    {
        ["TrailARN"] = trail.Arn(account),
        ["InsightSelectors"] = new JsonArray([.. trail.InsightTypes.Select(t =>
            (JsonNode)new JsonObject { ["InsightType"] = t })]),
    };

    // A new trail does not log until StartLogging, as in CloudTrail.
    private static FakeResult CreateTrail(FakeRequest r)
    {
        var name = r.RequireJson("Name");
        if (r.Account.Trails.Exists(t => t.Name == name && t.HomeRegion == r.Region))
        {
            throw new AwsErrorException("TrailAlreadyExistsException",
                $"Trail {name} already exists for customer: {r.Account.AccountId}");
        }

        var bucket = r.RequireJson("S3BucketName");
        if (!r.Account.Buckets.Exists(b => b.Name == bucket))
        {
            throw new AwsErrorException("S3BucketDoesNotExistException", $"S3 bucket {bucket} does not exist.");
        }

        var trail = new FakeTrail
        {
            Name = name,
            HomeRegion = r.Region,
            S3BucketName = bucket,
            S3KeyPrefix = r.Json("S3KeyPrefix"),
            IsMultiRegion = r.Body["IsMultiRegionTrail"]?.GetValue<bool>() ?? false,
            IncludeGlobalServiceEvents = r.Body["IncludeGlobalServiceEvents"]?.GetValue<bool>() ?? true,
            LogFileValidationEnabled = r.Body["EnableLogFileValidation"]?.GetValue<bool>() ?? false,
            KmsKeyId = r.Json("KmsKeyId"),
            IsLogging = false,
        };
        r.Account.Trails.Add(trail);
        return new JsonResult(Written(r.Account, trail));
    }

    // Only the members given change; digest files start with the next delivery, no log file is touched.
    private static FakeResult UpdateTrail(FakeRequest r)
    {
        var trail = FindForWrite(r, r.RequireJson("Name"));
        if (r.Json("S3BucketName") is { } bucket)
        {
            if (!r.Account.Buckets.Exists(b => b.Name == bucket))
            {
                throw new AwsErrorException("S3BucketDoesNotExistException", $"S3 bucket {bucket} does not exist.");
            }

            trail.S3BucketName = bucket;
        }

        trail.IsMultiRegion = r.Body["IsMultiRegionTrail"]?.GetValue<bool>() ?? trail.IsMultiRegion;
        trail.LogFileValidationEnabled =
            r.Body["EnableLogFileValidation"]?.GetValue<bool>() ?? trail.LogFileValidationEnabled;
        trail.IncludeGlobalServiceEvents =
            r.Body["IncludeGlobalServiceEvents"]?.GetValue<bool>() ?? trail.IncludeGlobalServiceEvents;
        return new JsonResult(Written(r.Account, trail));
    }

    /// <summary>CreateTrailResponse and UpdateTrailResponse: the trail's settings, without the HomeRegion and
    /// Has* members DescribeTrails adds.</summary>
    private static JsonObject Written(FakeAccount account, FakeTrail t)
    {
        var trail = new JsonObject
        {
            ["Name"] = t.Name,
            ["S3BucketName"] = t.S3BucketName,
            ["IncludeGlobalServiceEvents"] = t.IncludeGlobalServiceEvents,
            ["IsMultiRegionTrail"] = t.IsMultiRegion,
            ["TrailARN"] = t.Arn(account),
            ["LogFileValidationEnabled"] = t.LogFileValidationEnabled,
            ["IsOrganizationTrail"] = t.IsOrganizationTrail,
        };
        if (t.S3KeyPrefix is not null)
        {
            trail["S3KeyPrefix"] = t.S3KeyPrefix;
        }

        if (t.KmsKeyId is not null)
        {
            trail["KmsKeyId"] = t.KmsKeyId;
        }

        return trail;
    }

    // Deleting a trail leaves its bucket and the log files in it alone, as in CloudTrail.
    private static FakeResult DeleteTrail(FakeRequest r)
    {
        var trail = FindForWrite(r, r.RequireJson("Name"));
        r.Account.Trails.Remove(trail);
        return new JsonResult([]);
    }

    private static FakeResult SetLogging(FakeRequest r, bool logging)
    {
        var trail = FindForWrite(r, r.RequireJson("Name"));
        trail.IsLogging = logging;
        trail.StartLoggingTime = logging ? r.Time.GetUtcNow() : trail.StartLoggingTime;
        return new JsonResult([]);
    }

    /// <summary>By ARN from any region where the trail is visible; by name only in its home region.</summary>
    private static FakeTrail Find(FakeRequest r, string nameOrArn)
    {
        var trail = r.Account.Trails.Find(t => nameOrArn.StartsWith("arn:", StringComparison.Ordinal)
            ? t.Arn(r.Account) == nameOrArn && (t.HomeRegion == r.Region || t.IsMultiRegion)
            : t.Name == nameOrArn && t.HomeRegion == r.Region);
        return trail ?? throw new AwsErrorException("TrailNotFoundException",
            $"Unknown trail: {nameOrArn} for the user: {r.Account.AccountId}");
    }

    /// <summary>As <see cref="Find"/>, but only in the home region: a multi-region trail named from another
    /// region, by name or ARN, answers InvalidHomeRegionException.</summary>
    private static FakeTrail FindForWrite(FakeRequest r, string nameOrArn)
    {
        var shadow = !nameOrArn.StartsWith("arn:", StringComparison.Ordinal)
            && !r.Account.Trails.Exists(t => t.Name == nameOrArn && t.HomeRegion == r.Region)
            && r.Account.Trails.Exists(t => t.Name == nameOrArn && t.IsMultiRegion);
        var trail = shadow ? null : Find(r, nameOrArn);
        if (trail is null || trail.HomeRegion != r.Region)
        {
            throw new AwsErrorException("InvalidHomeRegionException",
                "This operation must be called from the trail's home region.", HttpStatusCode.BadRequest);
        }

        return trail;
    }
}
