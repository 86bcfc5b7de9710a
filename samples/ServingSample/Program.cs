using ManagedLite.ServingSample;

// dotnet run -- --Model path/to/model.tflite [--KeyFile key] [--Pool 2] [--urls http://127.0.0.1:5080]
ServingApp.Build(args).Run();
