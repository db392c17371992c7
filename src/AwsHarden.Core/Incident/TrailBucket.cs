using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using AwsHarden.Aws;
using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>What to read from a trail bucket: its location, the regions (null: all found) and the window.</summary>
public sealed record TrailBucketQuery
{
    /// <summary><c>s3://BUCKET[/PREFIX]</c>; the prefix may go down to
    /// <c>AWSLogs/[o-ORG/]ACCOUNT[/CloudTrail/REGION]</c>.</summary>
    public required string Uri { get; init; }
    public IReadOnlyList<string>? Regions { get; init; }
    public DateTimeOffset? Since { get; init; }
    public required DateTimeOffset Until { get; init; }
}

/// <summary>
/// Finds the log objects of a time window in a trail bucket laid out as
/// <c>PREFIX/AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/</c>. It lists folders with a delimiter to find
/// accounts and regions, then lists each day folder of the window; the bucket is never listed whole.
/// </summary>
public sealed class TrailBucket(IAmazonS3 s3, string region, IProgress<string>? progress = null)
{
    private const int ListingsAtOnce = 8;

    /// <summary>Parses <c>s3://bucket[/prefix]</c> into the bucket and a prefix ending in '/' (or empty).</summary>
    public static (string Bucket, string Prefix) ParseUri(string uri)
    {
        if (!uri.StartsWith("s3://", StringComparison.Ordinal) || uri.Length <= 5 || uri[5] == '/')
        {
            throw new UserErrorException($"'{uri}' is not an S3 location.", "write it as s3://BUCKET[/PREFIX]");
        }
        var rest = uri[5..];
        var slash = rest.IndexOf('/');
        if (slash < 0) return (rest, "");

        var prefix = rest[(slash + 1)..].Trim('/');
        return (rest[..slash], prefix.Length == 0 ? "" : prefix + "/");
    }

    /// <summary>
    /// The region the bucket lives in, from GetBucketLocation (which S3 answers from any region): S3 refuses a
    /// request for a bucket sent to another region's endpoint with 301 PermanentRedirect. When the location may
    /// not be read, the session's region is tried.
    /// </summary>
    public static async Task<string> LocateAsync(IAmazonS3 s3, string uri, string fallback,
        IProgress<string>? progress, CancellationToken ct)
    {
        var (bucket, _) = ParseUri(uri);
        try
        {
            var response = await AwsSession.CallSdkAsync("s3:GetBucketLocation", fallback,
                () => s3.GetBucketLocationAsync(bucket, ct)).ConfigureAwait(false);
            return RegionOf(response.Location?.Value);
        }
        catch (AwsServiceException e) when (e.IsAccessDenied)
        {
            progress?.Report($"s3:GetBucketLocation was denied on {bucket}; reading it through {fallback}");
            return fallback;
        }
        catch (AwsServiceException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new UserErrorException($"{e.Code} on s3:GetBucketLocation for bucket '{bucket}'.",
                "check the bucket name (the trail's S3BucketName)", e);
        }
    }

    /// <summary>A LocationConstraint as a region: empty is us-east-1, and the legacy EU is eu-west-1.</summary>
    public static string RegionOf(string? constraint) => constraint switch
    {
        null or "" or "US" => "us-east-1",
        "EU" => "eu-west-1",
        _ => constraint,
    };

    /// <summary>
    /// The day folders to list for one region folder (<c>…/CloudTrail/REGION/</c>): every UTC day from
    /// <paramref name="first"/> to the day after <paramref name="last"/>, since a file is filed under the day it
    /// was delivered, up to a quarter of an hour after its events.
    /// </summary>
    public static IEnumerable<string> DayPrefixes(string regionFolder, DateOnly first, DateOnly last)
    {
        for (var day = first; day <= last.AddDays(1); day = day.AddDays(1))
        {
            yield return regionFolder + day.ToString("yyyy/MM/dd/", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The objects of the window, in key order; digest and Insights folders are never listed.</summary>
    public async Task<IReadOnlyList<TrailObject>> ListAsync(TrailBucketQuery query, CancellationToken ct)
    {
        var (bucket, prefix) = ParseUri(query.Uri);
        var accounts = await AccountFoldersAsync(bucket, prefix, ct).ConfigureAwait(false);
        if (accounts.Count == 0)
        {
            throw new UserErrorException($"No AWSLogs/ACCOUNT/ folder under {query.Uri}.",
                "give the trail's bucket and key prefix, e.g. s3://BUCKET/PREFIX (the folder holding AWSLogs/)");
        }

        var regionFolders = new List<string>();
        foreach (var (account, onlyRegion) in accounts)
        {
            var regions = onlyRegion is not null ? [onlyRegion]
                : query.Regions ?? await SubfoldersAsync(bucket, account + "CloudTrail/", ct).ConfigureAwait(false);
            regionFolders.AddRange(regions.Select(r => $"{account}CloudTrail/{r}/"));
        }

        var days = new List<string>();
        foreach (var folder in regionFolders)
        {
            days.AddRange(await DaysAsync(bucket, folder, query, ct).ConfigureAwait(false));
        }
        var objects = await ListDaysAsync(bucket, days, ct).ConfigureAwait(false);
        progress?.Report($"Listed {days.Count} day folders in {regionFolders.Count} regions of {accounts.Count} "
            + $"accounts: {objects.Count} log files, {objects.Sum(o => o.Size) / 1048576.0:F1} MiB");
        return objects;
    }

    /// <summary>The account folders (<c>…/AWSLogs/[o-ORG/]ACCOUNT/</c>) the prefix names or holds, with the one
    /// region the prefix may already name.</summary>
    private async Task<List<(string Folder, string? Region)>> AccountFoldersAsync(string bucket, string prefix,
        CancellationToken ct)
    {
        var at = prefix.IndexOf("AWSLogs/", StringComparison.Ordinal);
        var logs = at < 0 ? prefix + "AWSLogs/" : prefix[..(at + "AWSLogs/".Length)];
        var parts = at < 0 ? [] : prefix[logs.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);

        var org = parts.Length > 0 && parts[0].StartsWith("o-", StringComparison.Ordinal) ? parts[0] + "/" : "";
        var rest = parts.Skip(org.Length > 0 ? 1 : 0).ToArray();
        if (rest.Length == 0) return await DiscoverAccountsAsync(bucket, logs + org, ct).ConfigureAwait(false);
        if (!IsAccountId(rest[0]) || rest.Length > 3 || (rest.Length > 1 && rest[1] != "CloudTrail"))
        {
            throw new UserErrorException($"s3://{bucket}/{prefix} is not a trail folder awsharden can read.",
                "give the prefix down to AWSLogs/[o-ORG/]ACCOUNT[/CloudTrail/REGION] at most; "
                + "--since and --until choose the days");
        }
        return [(logs + org + rest[0] + "/", rest.Length == 3 ? rest[2] : null)];
    }

    private async Task<List<(string, string?)>> DiscoverAccountsAsync(string bucket, string folder,
        CancellationToken ct)
    {
        var found = new List<(string, string?)>();
        foreach (var name in await SubfoldersAsync(bucket, folder, ct).ConfigureAwait(false))
        {
            if (IsAccountId(name)) found.Add((folder + name + "/", null));
            else if (name.StartsWith("o-", StringComparison.Ordinal) && !folder.Contains("/o-"))
            {
                found.AddRange(await DiscoverAccountsAsync(bucket, folder + name + "/", ct).ConfigureAwait(false));
            }
        }
        return found;
    }

    private static bool IsAccountId(string s) => s.Length == 12 && s.All(char.IsAsciiDigit);

    /// <summary>The day folders of one region: computed from the window, or found by listing year, month and day
    /// folders when no start is given.</summary>
    private async Task<IEnumerable<string>> DaysAsync(string bucket, string regionFolder, TrailBucketQuery q,
        CancellationToken ct)
    {
        var last = DateOnly.FromDateTime(q.Until.UtcDateTime);
        if (q.Since is { } since)
        {
            return DayPrefixes(regionFolder, DateOnly.FromDateTime(since.UtcDateTime), last);
        }

        var days = new List<string>();
        foreach (var year in await SubfoldersAsync(bucket, regionFolder, ct).ConfigureAwait(false))
        {
            foreach (var month in await SubfoldersAsync(bucket, $"{regionFolder}{year}/", ct).ConfigureAwait(false))
            {
                var folder = $"{regionFolder}{year}/{month}/";
                days.AddRange((await SubfoldersAsync(bucket, folder, ct).ConfigureAwait(false))
                    .Where(d => DateOnly.TryParseExact($"{year}/{month}/{d}", "yyyy/MM/dd", out var day)
                                && day <= last.AddDays(1))
                    .Select(d => $"{folder}{d}/"));
            }
        }
        return days;
    }

    /// <summary>The names of the folders directly under <paramref name="folder"/> (a delimiter listing).</summary>
    private async Task<List<string>> SubfoldersAsync(string bucket, string folder, CancellationToken ct)
    {
        var names = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = folder, Delimiter = "/" };
        do
        {
            var page = await ListAsync(request, ct).ConfigureAwait(false);
            names.AddRange((page.CommonPrefixes ?? []).Select(p => p[folder.Length..].TrimEnd('/')));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (!string.IsNullOrEmpty(request.ContinuationToken));
        return names;
    }

    private async Task<List<TrailObject>> ListDaysAsync(string bucket, IReadOnlyList<string> days,
        CancellationToken ct)
    {
        var found = new ConcurrentBag<TrailObject>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = ListingsAtOnce, CancellationToken = ct };
        await Parallel.ForEachAsync(days, options, async (day, token) =>
        {
            var request = new ListObjectsV2Request { BucketName = bucket, Prefix = day };
            do
            {
                var page = await ListAsync(request, token).ConfigureAwait(false);
                foreach (var o in page.S3Objects ?? [])
                {
                    if (!o.Key.EndsWith('/')) found.Add(Object(bucket, o.Key, o.Size ?? 0));
                }
                request.ContinuationToken = page.NextContinuationToken;
            }
            while (!string.IsNullOrEmpty(request.ContinuationToken));
        }).ConfigureAwait(false);
        return [.. found.OrderBy(o => o.Name, StringComparer.Ordinal)];
    }

    private TrailObject Object(string bucket, string key, long size) => new($"s3://{bucket}/{key}", size, ct =>
    {
        // Called on a reading thread that owns no other work, so waiting here holds up nothing else.
        var response = AwsSession.CallSdkAsync("s3:GetObject", region,
            () => s3.GetObjectAsync(bucket, key, ct)).GetAwaiter().GetResult();
        return response.ResponseStream;
    });

    private async Task<ListObjectsV2Response> ListAsync(ListObjectsV2Request request, CancellationToken ct)
    {
        try
        {
            return await AwsSession.CallSdkAsync("s3:ListBucket", region,
                () => s3.ListObjectsV2Async(request, ct)).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            throw new UserErrorException($"{e.Code} on s3:ListBucket for bucket '{request.BucketName}'.",
                "check the bucket name, or use credentials that may list it (s3:ListBucket)", e);
        }
        catch (AwsServiceException e) when (e.Code == "PermanentRedirect"
                                            || e.StatusCode == HttpStatusCode.MovedPermanently)
        {
            throw new UserErrorException($"Bucket '{request.BucketName}' is not in {region} (PermanentRedirect).",
                "allow s3:GetBucketLocation, or give the bucket's region with --region", e);
        }
    }
}
