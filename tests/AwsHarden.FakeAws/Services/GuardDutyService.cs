using System.Globalization;
using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Services;

/// <summary>GuardDuty (REST-JSON): at most one detector per region.</summary>
internal sealed class GuardDutyService : FakeService
{
    public GuardDutyService()
    {
        On("GET", "/detector", "ListDetectors", ListDetectors);
        On("GET", "/detector/{detectorId}", "GetDetector", GetDetector);
        On("POST", "/detector", "CreateDetector", CreateDetector);
        On("POST", "/detector/{detectorId}", "UpdateDetector", UpdateDetector);
        On("DELETE", "/detector/{detectorId}", "DeleteDetector", DeleteDetector);
    }

    public override string SigningName => "guardduty";

    private static FakeResult ListDetectors(FakeRequest r) => new JsonResult(JsonPaging.Page(r,
        [.. r.Account.Detectors.Where(d => d.Region == r.Region)], "detectorIds", d => d.DetectorId,
        "nextToken", "maxResults", 50));

    private static FakeResult GetDetector(FakeRequest r)
    {
        var d = Find(r);
        return new JsonResult(new JsonObject
        {
            ["createdAt"] = Time(d.CreatedAt),
            ["findingPublishingFrequency"] = d.FindingPublishingFrequency,
            ["serviceRole"] = r.Account.IamArn("role/aws-service-role/guardduty.amazonaws.com/" +
                "AWSServiceRoleForAmazonGuardDuty"),
            ["status"] = d.Status,
            ["updatedAt"] = Time(d.UpdatedAt),
            ["tags"] = new JsonObject(),
        });
    }

    private static FakeResult CreateDetector(FakeRequest r)
    {
        if (r.Account.Detectors.Exists(d => d.Region == r.Region))
        {
            throw new AwsErrorException("BadRequestException",
                "The request is rejected because a detector already exists for the current account.");
        }

        var now = r.Time.GetUtcNow();
        var detector = new FakeDetector
        {
            Region = r.Region,
            DetectorId = FakeIds.Hex(r.Account.AccountId + r.Region + now.Ticks, 32),
            Status = r.Body["enable"]?.GetValue<bool>() == false ? "DISABLED" : "ENABLED",
            CreatedAt = now,
            UpdatedAt = now,
        };
        r.Account.Detectors.Add(detector);
        return new JsonResult(new JsonObject { ["detectorId"] = detector.DetectorId });
    }

    private static FakeResult UpdateDetector(FakeRequest r)
    {
        var d = Find(r);
        if (r.Body["enable"]?.GetValue<bool>() is { } enable)
        {
            d.Status = enable ? "ENABLED" : "DISABLED";
        }

        d.UpdatedAt = r.Time.GetUtcNow();
        return new JsonResult([]);
    }

    private static FakeResult DeleteDetector(FakeRequest r)
    {
        r.Account.Detectors.Remove(Find(r));
        return new JsonResult([]);
    }

    private static FakeDetector Find(FakeRequest r)
    {
        var id = r.Route("detectorId");
        return r.Account.Detectors.Find(d => d.Region == r.Region && d.DetectorId == id)
            ?? throw new AwsErrorException("BadRequestException",
                "The request is rejected because the input detectorId is not owned by the current account.");
    }

    private static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
