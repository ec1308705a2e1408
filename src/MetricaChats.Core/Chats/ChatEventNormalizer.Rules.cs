using System;

namespace MetricaChats.Core.Chats;

public sealed partial class ChatEventNormalizer
{
    private ChatNormalizeResult NormalizeCore(ChatRecord record) => throw new NotImplementedException("Normaliser rules land in the next commit.");
}
