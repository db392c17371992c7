using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AwsHarden.Incident;

/// <summary>Raised when a file cannot be read further; the message says where it broke.</summary>
internal sealed class BrokenFileException(string message) : Exception(message);

/// <summary>What one file turned out to hold.</summary>
internal enum FileContent { Events, Digest, Insights, NotCloudTrail }

/// <summary>
/// Reads one stream of CloudTrail JSON with <see cref="Utf8JsonReader"/> over a sliding buffer, handing each
/// record to a sink. The buffer only grows to hold the largest single record, so memory does not follow input
/// size. Accepts <c>{"Records":[…]}</c>, LookupEvents output, bare arrays, single records and JSON lines.
/// </summary>
internal sealed class CloudTrailParser(CloudTrailReadOptions options, ReadReport report)
{
    private enum Context { EventArray, LookupArray, Wrapper }

    private const int InitialBuffer = 256 * 1024;
    private byte[] _buf = new byte[InitialBuffer];
    private int _start, _end;
    private long _discarded;
    private bool _eof;
    private Stream _stream = Stream.Null;
    private string _path = "";
    private Action<CloudTrailEvent> _sink = _ => { };
    private readonly Stack<Context> _context = new();
    private int _events, _insights, _digests;
    private bool _sawContainer;
    private readonly HashSet<string>? _materialize =
        options.MaterializeOnly is { } names ? new HashSet<string>(names, StringComparer.Ordinal) : null;

    /// <summary>Records read from the last stream, materialised or only scanned.</summary>
    public int EventCount => _events;

    /// <summary>Bytes of JSON taken from the stream so far (after gunzip), for saying where a stream broke.
    /// </summary>
    public long BytesTaken => _discarded + _end;

    /// <summary>Records of the last stream held as JSON strings (a LookupEvents <c>CloudTrailEvent</c>) that were
    /// not JSON, named by position (<c>Events[1]</c>), with the first one's reason; the others were read.</summary>
    public List<string> BadRecords { get; } = [];

    public string? BadRecordReason { get; private set; }

    private int _item;

    /// <summary>In scan mode, the actor tokens of the file being read; set by the reader per file.</summary>
    public HashSet<string>? FileTokens { get; set; }

    /// <summary>Reads <paramref name="stream"/> to its end; throws <see cref="BrokenFileException"/> if damaged.
    /// </summary>
    public FileContent Parse(Stream stream, string path, Action<CloudTrailEvent> sink)
    {
        (_stream, _path, _sink) = (stream, path, sink);
        (_start, _end, _discarded, _eof, _events, _insights, _digests) = (0, 0, 0, false, 0, 0, 0);
        _sawContainer = false;
        _context.Clear();
        (_item, BadRecordReason) = (0, null);
        BadRecords.Clear();

        if (!StartsLikeJson()) return FileContent.NotCloudTrail;
        ReadAll();

        if (_events > 0) return FileContent.Events;
        if (_insights > 0) return FileContent.Insights;
        if (_digests > 0) return FileContent.Digest;
        // An empty Records list or array is a CloudTrail file with nothing in it, not a foreign file.
        return _sawContainer ? FileContent.Events : FileContent.NotCloudTrail;
    }

    private bool StartsLikeJson()
    {
        while (!_eof && _end - _start < 4) Fill();

        var head = _buf.AsSpan(_start, _end - _start);
        if (head.StartsWith("\uFEFF"u8)) _start += 3;
        while (_start < _end && _buf[_start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            _start++;
            if (_start == _end && !_eof) Fill();
        }
        return _start < _end && _buf[_start] is (byte)'{' or (byte)'[';
    }

    private void ReadAll()
    {
        var state = new JsonReaderState(new JsonReaderOptions
        {
            AllowMultipleValues = true,
            CommentHandling = JsonCommentHandling.Skip,
        });
        while (true)
        {
            var reader = new Utf8JsonReader(_buf.AsSpan(_start, _end - _start), _eof, state);
            bool done;
            try
            {
                done = Step(ref reader);
            }
            catch (JsonException ex)
            {
                // In the final block the reader reports a cut-off value as an error rather than asking for more.
                var what = _eof && ex.Message.Contains("end of data", StringComparison.Ordinal)
                    ? "truncated: the data ends inside a value" : "invalid JSON";
                // The reader's own message names its internal line and byte counters; only its first sentence helps.
                var detail = ex.Message.Split(" LineNumber:")[0].TrimEnd();
                throw new BrokenFileException($"{what} near byte {Offset(reader.BytesConsumed)}: {detail}");
            }
            _start += (int)reader.BytesConsumed;
            state = reader.CurrentState;

            if (done) return;
            if (_eof) throw new BrokenFileException($"truncated: the data ends inside a value at byte {Offset(0)}");
            Fill();
        }
    }

    private long Offset(long withinWindow) => _discarded + _start + withinWindow;

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
            (_discarded, _end, _start) = (_discarded + _start, _end - _start, 0);
        }
        if (_end == _buf.Length) Grow();

        var n = _stream.Read(_buf, _end, _buf.Length - _end);
        if (n == 0) _eof = true;
        _end += n;
    }

    private void Grow()
    {
        if (_buf.Length >= options.MaxRecordBytes)
        {
            throw new BrokenFileException(
                $"a record at byte {Offset(0)} is larger than {options.MaxRecordBytes / (1024 * 1024)} MiB");
        }
        Array.Resize(ref _buf, Math.Min(_buf.Length * 2, options.MaxRecordBytes));
    }

    /// <summary>Consumes as many complete values as the window holds. True when the input is finished.</summary>
    private bool Step(ref Utf8JsonReader reader)
    {
        while (true)
        {
            var checkpoint = reader;
            if (!reader.Read())
            {
                reader = checkpoint;
                return _eof && _context.Count == 0;
            }
            var handled = _context.Count == 0 ? TopLevel(ref reader, checkpoint) : Nested(ref reader, checkpoint);
            if (!handled)
            {
                reader = checkpoint;
                return false;
            }
        }
    }

    /// <summary>A top-level value: a wrapper object, a bare array, or one record (one JSON line).</summary>
    private bool TopLevel(ref Utf8JsonReader reader, Utf8JsonReader checkpoint)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            _sawContainer = true;
            _context.Push(Context.EventArray);
            _item = 0;
            return true;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new BrokenFileException($"a top-level {reader.TokenType} at byte {Offset(reader.TokenStartIndex)}");
        }

        var afterBrace = reader;
        if (!reader.Read()) return false;
        var isRecords = reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("Records"u8);
        var isLookup = reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("Events"u8);
        if (isRecords || isLookup)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                _sawContainer = true;
                _context.Push(Context.Wrapper);
                _context.Push(isLookup ? Context.LookupArray : Context.EventArray);
                _item = 0;
                return true;
            }
        }

        reader = afterBrace;
        return WholeObject(ref reader, lookup: false);
    }

    private bool Nested(ref Utf8JsonReader reader, Utf8JsonReader checkpoint)
    {
        var context = _context.Peek();
        switch (reader.TokenType)
        {
            case JsonTokenType.EndArray or JsonTokenType.EndObject:
                _context.Pop();
                return true;
            case JsonTokenType.StartObject when context != Context.Wrapper:
                if (!WholeObject(ref reader, context == Context.LookupArray)) return false;
                _item++;
                return true;
            case JsonTokenType.String when context != Context.Wrapper:
                // Some exports hold each record as a JSON string, as LookupEvents does inside its objects.
                ParseEmbedded(reader.GetString() ?? "", context);
                _item++;
                return true;
            case JsonTokenType.PropertyName:
                // The rest of a wrapper (NextToken and the like): skip the value whole or wait for more data.
                return reader.Read() && reader.TrySkip();
            default:
                return reader.TrySkip();
        }
    }

    /// <summary>The reader is on a StartObject; hands the whole object on, or returns false to wait.</summary>
    private bool WholeObject(ref Utf8JsonReader reader, bool lookup)
    {
        var begin = (int)reader.TokenStartIndex;
        if (!reader.TrySkip()) return false;

        var json = _buf.AsSpan(_start + begin, (int)reader.BytesConsumed - begin);
        if (lookup) ParseLookupRecord(json);
        else ParseRecord(json);
        return true;
    }

    private void ParseLookupRecord(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json);
        r.Read();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var isEvent = r.ValueTextEquals("CloudTrailEvent"u8);
            r.Read();
            if (isEvent && r.TokenType == JsonTokenType.String)
            {
                ParseEmbedded(r.GetString() ?? "", Context.LookupArray);
                return;
            }
            r.Skip();
        }
    }

    /// <summary>A record held as a JSON string: if the string is not JSON (cut by an export tool), only that
    /// record is lost; it is named, and the file's other records are still read.</summary>
    private void ParseEmbedded(string text, Context context)
    {
        try
        {
            ParseRecord(Encoding.UTF8.GetBytes(text));
        }
        catch (JsonException ex)
        {
            var where = $"{(context == Context.LookupArray ? "Events" : "Records")}[{_item}]";
            BadRecords.Add(where);
            var what = context == Context.LookupArray ? "its CloudTrailEvent string" : "the string";
            BadRecordReason ??= $"{what} is not a JSON record: {ex.Message.Split(" LineNumber:")[0].TrimEnd()}";
        }
    }

    /// <summary>One object: a record, a digest, or a wrapper whose Records were not its first member.</summary>
    private void ParseRecord(ReadOnlySpan<byte> json)
    {
        if (_materialize is not null && FileTokens is not null && ActorScanner.TryScan(json, _materialize,
                FileTokens, options))
        {
            _events++;
            return;
        }
        var fields = new RecordFields();
        var r = new Utf8JsonReader(json);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return;

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            ReadProperty(ref r, json, ref fields);
        }
        Emit(json, ref fields);
    }

    private void ReadProperty(ref Utf8JsonReader r, ReadOnlySpan<byte> json, ref RecordFields f)
    {
        if (r.ValueTextEquals("eventTime"u8)) f.Time = Next(ref r);
        else if (r.ValueTextEquals("eventName"u8)) f.Name = Next(ref r);
        else if (r.ValueTextEquals("eventSource"u8)) f.Source = Next(ref r);
        else if (r.ValueTextEquals("awsRegion"u8)) f.Region = Next(ref r);
        else if (r.ValueTextEquals("sourceIPAddress"u8)) f.Ip = Next(ref r);
        else if (r.ValueTextEquals("userAgent"u8)) f.Agent = Next(ref r);
        else if (r.ValueTextEquals("errorCode"u8)) f.ErrorCode = Next(ref r);
        else if (r.ValueTextEquals("errorMessage"u8)) f.ErrorMessage = Next(ref r);
        else if (r.ValueTextEquals("readOnly"u8)) f.ReadOnly = NextBool(ref r);
        else if (r.ValueTextEquals("eventType"u8)) f.Type = Next(ref r);
        else if (r.ValueTextEquals("eventID"u8)) f.Id = Next(ref r);
        else if (r.ValueTextEquals("recipientAccountId"u8)) f.Recipient = Next(ref r);
        else if (r.ValueTextEquals("sessionCredentialFromConsole"u8)) f.FromConsole = NextBool(ref r) ?? false;
        else if (r.ValueTextEquals("userIdentity"u8)) f.Identity = NextIdentity(ref r);
        else if (r.ValueTextEquals("requestParameters"u8)) f.Request = NextRange(ref r);
        else if (r.ValueTextEquals("responseElements"u8)) f.Response = NextRange(ref r);
        else if (r.ValueTextEquals("additionalEventData"u8)) f.Additional = NextRange(ref r);
        else if (r.ValueTextEquals("@timestamp"u8)) f.Timestamp = Next(ref r);
        else if (r.ValueTextEquals("digestStartTime"u8)) f.Digest = SkipValue(ref r);
        else if (r.ValueTextEquals("Records"u8)) f.Nested = NestedRecords(ref r, json, lookup: false);
        else if (r.ValueTextEquals("Events"u8)) f.Nested = NestedRecords(ref r, json, lookup: true);
        else SkipValue(ref r);
    }

    private void Emit(ReadOnlySpan<byte> json, ref RecordFields f)
    {
        if (f.Nested) return;
        if (f.Type == "AwsCloudTrailInsight")
        {
            _insights++;
            report.InsightRecord();
            return;
        }
        if (f.Name is null)
        {
            if (f.Digest) _digests++;
            else report.WithoutName();
            return;
        }
        if (!CloudTrailTime.TryParse(f.Time ?? f.Timestamp, out var time))
        {
            report.WithoutTime();
            return;
        }
        if (time < options.Since || time > options.Until) return;

        var keep = options.KeepPayload?.Invoke(f.Name) ?? true;
        _events++;
        var e = new CloudTrailEvent
        {
            EventTime = time, EventName = f.Name, EventSource = f.Source ?? "", AwsRegion = f.Region,
            SourceIpAddress = f.Ip, UserAgent = f.Agent, ErrorCode = f.ErrorCode, ErrorMessage = f.ErrorMessage,
            ReadOnly = f.ReadOnly, EventType = f.Type, EventId = f.Id, RecipientAccountId = f.Recipient,
            SessionCredentialFromConsole = f.FromConsole, UserIdentity = f.Identity, SourceFile = _path,
            RequestParameters = keep ? Payload(json, f.Request) : null,
            ResponseElements = keep ? Payload(json, f.Response) : null,
            AdditionalEventData = keep ? Payload(json, f.Additional) : null,
        };
        if (FileTokens is not null && options.MaterializedTokens is { } tokensOf)
        {
            foreach (var token in tokensOf(e)) FileTokens.Add(token);
        }
        _sink(e);
    }

    private bool NestedRecords(ref Utf8JsonReader r, ReadOnlySpan<byte> json, bool lookup)
    {
        r.Read();
        if (r.TokenType != JsonTokenType.StartArray)
        {
            r.Skip();
            return false;
        }
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (r.TokenType != JsonTokenType.StartObject)
            {
                r.Skip();
                continue;
            }
            var begin = (int)r.TokenStartIndex;
            r.Skip();
            var item = json[begin..(int)r.BytesConsumed];
            if (lookup) ParseLookupRecord(item);
            else ParseRecord(item);
        }
        return true;
    }

    private static bool SkipValue(ref Utf8JsonReader r)
    {
        r.Read();
        r.Skip();
        return true;
    }

    /// <summary>A scalar as text whatever its JSON type; objects and arrays where a scalar belongs give null.</summary>
    private static string? Next(ref Utf8JsonReader r)
    {
        r.Read();
        switch (r.TokenType)
        {
            case JsonTokenType.String:
                return r.GetString();
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                return Encoding.UTF8.GetString(r.ValueSpan);
            default:
                r.Skip();
                return null;
        }
    }

    private static bool? NextBool(ref Utf8JsonReader r)
    {
        var text = Next(ref r);
        return bool.TryParse(text, out var b) ? b : null;
    }

    private static (int Start, int End) NextRange(ref Utf8JsonReader r)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.Null) return default;

        var begin = (int)r.TokenStartIndex;
        r.Skip();
        return (begin, (int)r.BytesConsumed);
    }

    private static UserIdentity? NextIdentity(ref Utf8JsonReader r)
    {
        r.Read();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return null;
        }
        var id = new UserIdentity();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("type"u8)) id = id with { Type = Next(ref r) };
            else if (r.ValueTextEquals("arn"u8)) id = id with { Arn = Next(ref r) };
            else if (r.ValueTextEquals("accountId"u8)) id = id with { AccountId = Next(ref r) };
            else if (r.ValueTextEquals("accessKeyId"u8)) id = id with { AccessKeyId = Empty(Next(ref r)) };
            else if (r.ValueTextEquals("principalId"u8)) id = id with { PrincipalId = Next(ref r) };
            else if (r.ValueTextEquals("userName"u8)) id = id with { UserName = Next(ref r) };
            else if (r.ValueTextEquals("invokedBy"u8)) id = id with { InvokedBy = Next(ref r) };
            else if (r.ValueTextEquals("identityProvider"u8)) id = id with { IdentityProvider = Next(ref r) };
            else if (r.ValueTextEquals("sessionContext"u8)) id = ReadSessionContext(ref r, id);
            else SkipValue(ref r);
        }
        return id;
    }

    private static UserIdentity ReadSessionContext(ref Utf8JsonReader r, UserIdentity id)
    {
        r.Read();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return id;
        }
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("sessionIssuer"u8)) id = id with { SessionIssuer = ReadIssuer(ref r) };
            else if (r.ValueTextEquals("attributes"u8)) id = id with { SessionCreationDate = ReadCreation(ref r) };
            else SkipValue(ref r);
        }
        return id;
    }

    private static SessionIssuer? ReadIssuer(ref Utf8JsonReader r)
    {
        r.Read();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return null;
        }
        string? type = null, arn = null, name = null, principal = null, account = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("type"u8)) type = Next(ref r);
            else if (r.ValueTextEquals("arn"u8)) arn = Next(ref r);
            else if (r.ValueTextEquals("userName"u8)) name = Next(ref r);
            else if (r.ValueTextEquals("principalId"u8)) principal = Next(ref r);
            else if (r.ValueTextEquals("accountId"u8)) account = Next(ref r);
            else SkipValue(ref r);
        }
        // An empty sessionIssuer ({}) appears on console sessions of IAM users; it names nobody.
        return arn is null && type is null ? null : new SessionIssuer(type, arn, name, principal, account);
    }

    private static DateTimeOffset? ReadCreation(ref Utf8JsonReader r)
    {
        r.Read();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return null;
        }
        DateTimeOffset? created = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (!r.ValueTextEquals("creationDate"u8)) SkipValue(ref r);
            else if (CloudTrailTime.TryParse(Next(ref r), out var t)) created = t;
        }
        return created;
    }

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string? Payload(ReadOnlySpan<byte> json, (int Start, int End) range)
    {
        if (range.End <= range.Start) return null;

        var raw = json[range.Start..range.End];
        return MayHoldSecret(raw) ? Redact(raw) : Encoding.UTF8.GetString(raw);
    }

    private static bool MayHoldSecret(ReadOnlySpan<byte> raw) =>
        raw.IndexOf("essionToken"u8) >= 0 || raw.IndexOf("ecretAccessKey"u8) >= 0
        || raw.IndexOf("assword"u8) >= 0 || raw.IndexOf("ecretString"u8) >= 0;

    private static readonly string[] SecretNames =
        ["sessionToken", "secretAccessKey", "password", "newPassword", "oldPassword", "secretString"];

    /// <summary>Replaces secret values so that no report or log ever carries them.</summary>
    private static string Redact(ReadOnlySpan<byte> raw)
    {
        var node = JsonNode.Parse(raw);
        RedactNode(node);
        return node?.ToJsonString() ?? "null";
    }

    private static void RedactNode(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array) RedactNode(item);
            return;
        }
        if (node is not JsonObject obj) return;

        foreach (var name in obj.Select(p => p.Key).ToList())
        {
            if (SecretNames.Contains(name, StringComparer.OrdinalIgnoreCase)) obj[name] = "[redacted]";
            else RedactNode(obj[name]);
        }
    }

    private struct RecordFields
    {
        public string? Time, Timestamp, Name, Source, Region, Ip, Agent, ErrorCode, ErrorMessage, Type, Id, Recipient;
        public bool? ReadOnly;
        public bool FromConsole, Digest, Nested;
        public UserIdentity? Identity;
        public (int Start, int End) Request, Response, Additional;
    }
}
