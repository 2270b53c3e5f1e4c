module github.com/ory/client-go

go 1.18
