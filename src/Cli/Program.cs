Console.WriteLine("managedlite");
