using System.Text;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Chats.Input;
using Xunit;

namespace MetricaChats.Core.Tests.Chats.Input;

/// <summary>Encodings: BOMs, a named encoding, and the safe detection of Windows-1251.</summary>
public sealed class DetectingTextReaderTests
{
    private static readonly Encoding Cp1251 = Find("windows-1251");
    private static readonly Encoding Koi8R = Find("koi8-r");

    private const string Russian = "Дата;Мессенджер;Телефон;Клиент;Сумма\n21.11.2026 14:30;Ватсап;8 (912) 000-00-00;Иван Петров;12 000,00\n";

    [Fact]
    public void A_1251_file_is_detected_and_read_as_1251_once()
    {
        var detected = new List<Encoding>();
        using var reader = new DetectingTextReader(new MemoryStream(Cp1251.GetBytes(Russian)), null, leaveOpen: false);
        reader.Detected += detected.Add;
        Assert.Equal(Russian, reader.ReadToEnd());
        Assert.Equal(1251, Assert.Single(detected).CodePage);
    }

    [Fact]
    public void Cyrillic_far_into_an_ASCII_file_still_switches_without_changing_what_came_before()
    {
        var ascii = string.Concat(Enumerable.Repeat("2026-11-20T10:00:00Z,tg,ivan,+79123456789,lead\n", 3000)); // about 150 KB
        var text = ascii + "2026-11-20T10:00:00Z,tg,ivan,+79123456789,заявка с сайта\n";
        using var reader = new DetectingTextReader(new MemoryStream(Cp1251.GetBytes(text)), null, leaveOpen: false);
        Assert.Equal(text, reader.ReadToEnd());
        Assert.Equal(1251, reader.Encoding.CodePage);
    }

    [Fact]
    public void UTF8_stays_UTF8_even_with_a_multibyte_character_cut_by_the_buffer()
    {
        var text = new string('a', 64 * 1024 - 1) + "Дата и время\n" + string.Concat(Enumerable.Repeat("Привет, мир! ", 10_000));
        using var reader = new DetectingTextReader(new MemoryStream(new UTF8Encoding(false).GetBytes(text)), null, leaveOpen: false);
        Assert.Equal(text, reader.ReadToEnd());
        Assert.Equal(65001, reader.Encoding.CodePage);
    }

    [Fact]
    public void A_UTF8_file_with_one_1251_row_later_keeps_UTF8_and_shows_the_bad_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes("Тег\nзаявка\n").Concat(Cp1251.GetBytes("заявка\n")).ToArray();
        using var reader = new DetectingTextReader(new MemoryStream(bytes), null, leaveOpen: false);
        var text = reader.ReadToEnd();
        Assert.StartsWith("Тег\nзаявка\n", text, StringComparison.Ordinal);
        Assert.Contains('\uFFFD', text);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'u', (byte)'s', 0xFF, 0xFE, (byte)'e', (byte)'r' })] // junk inside a Latin word
    [InlineData(new byte[] { (byte)'u', (byte)'s', 0xC3, (byte)'e', (byte)'r' })] // a cut UTF-8 sequence
    [InlineData(new byte[] { 0x98, 0x98, 0x98 })] // bytes 1251 does not define
    public void Bytes_that_are_not_Russian_text_are_not_guessed(byte[] value)
    {
        var bytes = Encoding.ASCII.GetBytes("a,b\n").Concat(value).Concat(Encoding.ASCII.GetBytes("\n")).ToArray();
        using var reader = new DetectingTextReader(new MemoryStream(bytes), null, leaveOpen: false);
        Assert.Contains('\uFFFD', reader.ReadToEnd());
        Assert.Equal(65001, reader.Encoding.CodePage);
    }

    [Fact]
    public void KOI8R_is_named_but_not_guessed_and_reads_when_named()
    {
        var bytes = Koi8R.GetBytes(Russian);
        using (var detecting = new DetectingTextReader(new MemoryStream(bytes), null, leaveOpen: false))
        {
            Assert.Contains('\uFFFD', detecting.ReadToEnd());
            Assert.Equal("KOI8-R", detecting.Suspected);
        }

        using var named = new DetectingTextReader(new MemoryStream(bytes), Koi8R, leaveOpen: false);
        Assert.Equal(Russian, named.ReadToEnd());
    }

    [Fact]
    public void A_byte_order_mark_wins_over_the_named_encoding()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Russian)).ToArray();
        using var reader = new DetectingTextReader(new MemoryStream(bytes), Cp1251, leaveOpen: false);
        Assert.Equal(Russian, reader.ReadToEnd());

        var utf16 = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes(Russian)).ToArray();
        using var unicode = new DetectingTextReader(new MemoryStream(utf16), null, leaveOpen: false);
        Assert.Equal(Russian, unicode.ReadToEnd());
    }

    [Theory]
    [InlineData("windows-1251", 1251)]
    [InlineData("cp1251", 1251)]
    [InlineData("1251", 1251)]
    [InlineData("KOI8-R", 20866)]
    [InlineData("koi8-u", 21866)]
    [InlineData("cp866", 866)]
    [InlineData("iso-8859-5", 28595)]
    [InlineData("utf-16", 1200)]
    [InlineData("utf-16be", 1201)]
    [InlineData("utf8", 65001)]
    public void Encodings_are_found_by_the_names_users_give(string name, int codePage)
    {
        Assert.True(ChatTextEncodings.TryFind(name, out var encoding, out var problem), problem);
        Assert.Equal(codePage, encoding!.CodePage);
    }

    [Fact]
    public void Auto_asks_for_detection_and_unknown_names_are_refused()
    {
        Assert.True(ChatTextEncodings.TryFind("auto", out var auto, out _));
        Assert.Null(auto);
        Assert.False(ChatTextEncodings.TryFind("cyrillic-ish", out _, out var problem));
        Assert.Contains("windows-1251", problem);
    }

    [Fact]
    public void Peek_and_single_reads_see_the_same_text()
    {
        using var reader = new DetectingTextReader(new MemoryStream(Cp1251.GetBytes("Да\n")), null, leaveOpen: false);
        Assert.Equal('Д', (char)reader.Peek());
        Assert.Equal('Д', (char)reader.Read());
        Assert.Equal("а", reader.ReadLine());
        Assert.Equal(-1, reader.Read());
    }

    private static Encoding Find(string name) => ChatTextEncodings.TryFind(name, out var e, out _) ? e! : throw new InvalidOperationException(name);
}
