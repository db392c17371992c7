using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;

namespace AwsHarden.FakeAws.Services;

/// <summary>NextToken/MaxResults paging for the JSON services.</summary>
internal static class JsonPaging
{
    public static JsonObject Page<T>(FakeRequest r, IReadOnlyList<T> items, string listName, Func<T, JsonNode> map,
        string tokenName = "NextToken", string maxName = "MaxResults", int defaultMax = 20)
    {
        var start = WireFormat.ParseToken(r.Json(tokenName) ?? r.RouteValues.GetValueOrDefault(tokenName),
            "InvalidNextTokenException");
        var max = r.JsonInt(maxName) ?? (int.TryParse(r.RouteValues.GetValueOrDefault(maxName), out var m)
            ? m : defaultMax);
        var page = items.Skip(start).Take(Math.Max(1, max)).ToList();
        var body = new JsonObject { [listName] = new JsonArray([.. page.Select(map)]) };
        if (start + page.Count < items.Count)
        {
            body[tokenName] = WireFormat.Token(start + page.Count);
        }

        return body;
    }

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
