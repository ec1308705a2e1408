using System;
using System.Management.Automation;
using MetricaChats.Core.Chats;

namespace MetricaChats.Internal;

/// <summary>-Encoding: a name Core's <see cref="ChatTextEncodings"/> knows (auto, utf-8, windows-1251, ...).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ValidateChatEncodingAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (!ChatTextEncodings.TryFind(arguments as string, out _, out var problem))
        {
            throw new ValidationMetadataException(problem);
        }
    }
}

/// <summary>-DefaultRegion: a two-letter country phone numbers belong to (RU, KZ, ...).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ValidatePhoneRegionAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (!PhoneRegions.TryParse(arguments as string, out _, out var problem))
        {
            throw new ValidationMetadataException(problem);
        }
    }
}

/// <summary>-TimeZone: an IANA or Windows id, UTC, or a fixed offset.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ValidateChatTimeZoneAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (!ChatTimeZones.TryFind(arguments as string, out _, out var problem))
        {
            throw new ValidationMetadataException(problem);
        }
    }
}

/// <summary>-TimeZone takes a [TimeZoneInfo] too (Get-TimeZone, [TimeZoneInfo]::FindSystemTimeZoneById): its id.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TimeZoneIdTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value is TimeZoneInfo zone ? zone.Id : inputData;
    }
}
