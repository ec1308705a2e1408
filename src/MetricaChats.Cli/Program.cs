// Placeholder entry point; the command-line issue replaces it.
Console.Error.WriteLine("metrica-chats is not built yet.");
return 2;
