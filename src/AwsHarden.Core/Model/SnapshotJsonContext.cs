using System.Text.Json.Serialization;

namespace AwsHarden.Model;

/// <summary>Source-generated System.Text.Json metadata for the snapshot file.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(AccountSnapshot))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
