// Placeholder entry point; the sandbox issue replaces it.
Console.Error.WriteLine("The sandbox is not built yet.");
return 2;
